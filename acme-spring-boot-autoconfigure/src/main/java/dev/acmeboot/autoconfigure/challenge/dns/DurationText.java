package dev.acmeboot.autoconfigure.challenge.dns;

import java.time.Duration;

/**
 * Formats durations for messages.
 *
 * @author ACME Spring Boot contributors
 */
final class DurationText {

	private DurationText() {
	}

	/**
	 * Formats a duration in whole seconds, or in milliseconds when it is not a whole
	 * number of seconds, such as {@code 60 s} or {@code 500 ms}.
	 * @param duration the duration
	 * @return the text
	 */
	static String of(Duration duration) {
		if (duration.toMillis() % 1000 == 0) {
			return duration.toSeconds() + " s";
		}
		return duration.toMillis() + " ms";
	}

}

package dev.acmeboot.autoconfigure.maintenance;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The wait after a failed attempt, one delay per consecutive failure with the last one
 * repeating, each with up to 10% random jitter. The default is the schedule Let's
 * Encrypt's integration guide recommends: 1 minute, 10 minutes, 100 minutes, then daily.
 * The count of failures is kept across restarts, so restarting the application does not
 * reset the schedule.
 *
 * @author ACME Spring Boot contributors
 */
public final class RetrySchedule {

	/**
	 * The recommended delays.
	 */
	public static final List<Duration> DEFAULT_DELAYS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(10),
			Duration.ofMinutes(100), Duration.ofDays(1));

	private static final double JITTER = 0.10;

	private final List<Duration> delays;

	/**
	 * Creates a schedule.
	 * @param delays the delays after the first, second, ... failure; the last one repeats
	 */
	public RetrySchedule(List<Duration> delays) {
		if (delays.isEmpty() || delays.stream().anyMatch((delay) -> delay.isNegative() || delay.isZero())) {
			throw new IllegalArgumentException("Retry delays must be positive and at least one is needed, but were "
					+ delays);
		}
		this.delays = List.copyOf(delays);
	}

	/**
	 * Returns the wait after the given number of consecutive failures.
	 * @param failures the failures so far, at least 1
	 * @param random the source of jitter
	 * @return the wait before the next attempt
	 */
	public Duration delayAfter(int failures, RandomGenerator random) {
		int index = Math.min(Math.max(failures, 1), this.delays.size()) - 1;
		Duration base = this.delays.get(index);
		long jitter = (long) (base.toMillis() * JITTER * random.nextDouble());
		return base.plusMillis(jitter);
	}

}

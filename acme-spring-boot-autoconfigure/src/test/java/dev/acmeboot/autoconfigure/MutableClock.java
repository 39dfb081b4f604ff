package dev.acmeboot.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock in UTC that returns a fixed instant until a test advances it.
 */
public final class MutableClock extends Clock {

	private Instant now;

	/**
	 * Creates a clock.
	 * @param now the instant that {@link #instant()} returns until the first advance
	 */
	public MutableClock(Instant now) {
		this.now = now;
	}

	/**
	 * Adds a duration to the instant that the clock returns.
	 * @param duration the time to add
	 */
	public void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("MutableClock is always UTC");
	}

	@Override
	public Instant instant() {
		return this.now;
	}

}

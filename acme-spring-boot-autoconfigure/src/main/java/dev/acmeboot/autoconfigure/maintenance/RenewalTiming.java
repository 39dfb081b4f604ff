package dev.acmeboot.autoconfigure.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

import dev.acmeboot.autoconfigure.issuance.RenewalWindow;

/**
 * When a certificate is due for renewal, from its lifetime or from the CA's renewal
 * window.
 * <p>
 * By lifetime, renewal starts once two thirds of it have passed, or half of it for
 * certificates valid for less than ten days, which leaves room for several retries even
 * with the 160-hour certificates some CAs issue. A fixed "days before expiry" rule would
 * break as lifetimes shrink.
 *
 * @author ACME Spring Boot contributors
 */
public final class RenewalTiming {

	/**
	 * Lifetimes shorter than this renew at half of their lifetime instead of two thirds.
	 */
	static final Duration SHORT_LIFETIME = Duration.ofDays(10);

	private RenewalTiming() {
	}

	/**
	 * Returns when a certificate with the given validity is due by the lifetime rule.
	 * @param notBefore the start of the validity
	 * @param notAfter the end of the validity
	 * @return the renewal time
	 */
	public static Instant byLifetime(Instant notBefore, Instant notAfter) {
		Duration lifetime = Duration.between(notBefore, notAfter);
		if (lifetime.isNegative() || lifetime.isZero()) {
			return notBefore;
		}
		Duration elapsed = (lifetime.compareTo(SHORT_LIFETIME) < 0) ? lifetime.dividedBy(2)
				: lifetime.multipliedBy(2).dividedBy(3);
		return notBefore.plus(elapsed);
	}

	/**
	 * Picks a uniformly random time inside the CA's suggested window, as RFC 9773 asks
	 * clients to do, so that renewals after a mass revocation spread out.
	 * @param window a valid renewal window
	 * @param random the source of randomness
	 * @return a time in {@code [start, end)}
	 */
	public static Instant withinWindow(RenewalWindow window, RandomGenerator random) {
		long span = Duration.between(window.start(), window.end()).toMillis();
		if (span <= 0) {
			return window.start();
		}
		return window.start().plusMillis(random.nextLong(span));
	}

}

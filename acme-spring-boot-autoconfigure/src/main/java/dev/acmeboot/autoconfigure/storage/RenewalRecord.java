package dev.acmeboot.autoconfigure.storage;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The renewal history of a managed certificate that must survive restarts, so that a
 * crash loop cannot retry faster than the back-off allows.
 *
 * @param failures the number of failed attempts since the last success
 * @param lastError the message of the last failure, or {@code null}
 * @param lastFailure when the last attempt failed, or {@code null}
 * @param nextAttempt the earliest time for the next attempt, from the back-off schedule
 * or the CA's Retry-After, or {@code null} for no restriction
 * @param replacedSerial the serial number (lower-case hexadecimal) of the certificate
 * that an order already named in its {@code replaces} field, or {@code null}
 * @author ACME Spring Boot contributors
 */
public record RenewalRecord(int failures, @Nullable String lastError, @Nullable Instant lastFailure,
		@Nullable Instant nextAttempt, @Nullable String replacedSerial) {

	/**
	 * The record of a certificate without failures.
	 */
	public static final RenewalRecord EMPTY = new RenewalRecord(0, null, null, null, null);

	/**
	 * Returns a copy with the replaced serial number set.
	 * @param serial the serial number named in {@code replaces}
	 * @return the new record
	 */
	public RenewalRecord withReplacedSerial(@Nullable String serial) {
		return new RenewalRecord(this.failures, this.lastError, this.lastFailure, this.nextAttempt, serial);
	}

}

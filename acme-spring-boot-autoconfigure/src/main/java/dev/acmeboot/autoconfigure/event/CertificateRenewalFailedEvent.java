package dev.acmeboot.autoconfigure.event;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Published when an attempt to obtain a certificate failed. The previous certificate, or
 * the placeholder, is still served.
 *
 * @author ACME Spring Boot contributors
 */
public class CertificateRenewalFailedEvent extends AcmeCertificateEvent {

	private final Throwable cause;

	private final @Nullable Instant nextAttempt;

	/**
	 * Creates an event.
	 * @param source the component that publishes the event
	 * @param domains the certificate's names
	 * @param cause why the attempt failed
	 * @param nextAttempt when the next attempt is scheduled, or {@code null} if retries
	 * stopped
	 */
	public CertificateRenewalFailedEvent(Object source, List<String> domains, Throwable cause,
			@Nullable Instant nextAttempt) {
		super(source, domains);
		this.cause = cause;
		this.nextAttempt = nextAttempt;
	}

	/**
	 * Returns why the attempt failed.
	 * @return the failure
	 */
	public Throwable getCause() {
		return this.cause;
	}

	/**
	 * Returns when the next attempt is scheduled.
	 * @return the time of the next attempt, or empty if retries stopped until the
	 * configuration is fixed
	 */
	public Optional<Instant> getNextAttempt() {
		return Optional.ofNullable(this.nextAttempt);
	}

}

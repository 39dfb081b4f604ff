package dev.acmeboot.autoconfigure.ssl;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.certificate.ManagedCertificate;
import dev.acmeboot.autoconfigure.issuance.RenewalWindow;

/**
 * Run-time state of one managed certificate: the bundle being served,
 * whether it is the self-signed placeholder, and the outcome of the last issuance
 * attempt. Safe to read from any thread.
 *
 * @author ACME Spring Boot contributors
 */
public class CertificateState {

	private final ManagedCertificate certificate;

	private final AtomicReference<@Nullable Served> served = new AtomicReference<>();

	private final AtomicReference<@Nullable Failure> lastFailure = new AtomicReference<>();

	private final AtomicReference<@Nullable Instant> nextRenewal = new AtomicReference<>();

	private final AtomicReference<@Nullable RenewalWindow> renewalWindow = new AtomicReference<>();

	private volatile boolean renewalStopped;

	/**
	 * Creates the state of the given certificate, with nothing served yet.
	 * @param certificate the managed certificate
	 */
	public CertificateState(ManagedCertificate certificate) {
		this.certificate = certificate;
	}

	/**
	 * Returns the managed certificate this state describes.
	 * @return the certificate definition
	 */
	public ManagedCertificate getCertificate() {
		return this.certificate;
	}

	/**
	 * Returns the bundle being served, once the SSL bundle is registered.
	 * @return the served bundle, or empty before registration
	 */
	public Optional<CertificateBundle> getServedBundle() {
		Served current = this.served.get();
		return (current != null) ? Optional.of(current.bundle()) : Optional.empty();
	}

	/**
	 * Returns whether the self-signed placeholder is being served.
	 * @return whether no CA-issued certificate is served yet
	 */
	public boolean isServingPlaceholder() {
		Served current = this.served.get();
		return current == null || current.placeholder();
	}

	/**
	 * Returns the last failed issuance attempt, cleared by the next success.
	 * @return the last failure, or empty
	 */
	public Optional<Failure> getLastFailure() {
		return Optional.ofNullable(this.lastFailure.get());
	}

	/**
	 * Records the bundle being served.
	 * @param bundle the chain and key in the SSL bundle
	 * @param placeholder whether it is the self-signed placeholder
	 */
	public void served(CertificateBundle bundle, boolean placeholder) {
		this.served.set(new Served(bundle, placeholder));
		if (!placeholder) {
			this.lastFailure.set(null);
		}
	}

	/**
	 * Records a failed issuance attempt.
	 * @param message what failed
	 * @param time when it failed
	 * @param failures the number of consecutive failures
	 * @param nextAttempt when the next attempt is scheduled, or {@code null} if retries
	 * stopped
	 */
	public void failed(String message, Instant time, int failures, @Nullable Instant nextAttempt) {
		this.lastFailure.set(new Failure(message, time, failures, nextAttempt));
	}

	/**
	 * Returns when the served certificate is due for renewal.
	 * @return the planned renewal time, or empty before the first check
	 */
	public Optional<Instant> getNextRenewal() {
		return Optional.ofNullable(this.nextRenewal.get());
	}

	/**
	 * Records when the served certificate is due for renewal.
	 * @param time the planned renewal time
	 */
	public void setNextRenewal(@Nullable Instant time) {
		this.nextRenewal.set(time);
	}

	/**
	 * Returns the renewal window the CA suggested through ACME Renewal Information.
	 * @return the window, or empty if the CA offers none or it was not fetched yet
	 */
	public Optional<RenewalWindow> getRenewalWindow() {
		return Optional.ofNullable(this.renewalWindow.get());
	}

	/**
	 * Records the renewal window the CA suggested.
	 * @param window the window, or {@code null} if none is known
	 */
	public void setRenewalWindow(@Nullable RenewalWindow window) {
		this.renewalWindow.set(window);
	}

	/**
	 * Returns whether renewals stopped because they cannot succeed without a change,
	 * such as an account the CA rejects.
	 * @return whether renewals stopped
	 */
	public boolean isRenewalStopped() {
		return this.renewalStopped;
	}

	/**
	 * Records whether renewals stopped.
	 * @param stopped whether renewals stopped
	 */
	public void setRenewalStopped(boolean stopped) {
		this.renewalStopped = stopped;
	}

	private record Served(CertificateBundle bundle, boolean placeholder) {

	}

	/**
	 * A failed issuance attempt.
	 *
	 * @param message what failed
	 * @param time when it failed
	 * @param failures the number of consecutive failures
	 * @param nextAttempt when the next attempt is scheduled, or {@code null} if retries
	 * stopped
	 */
	public record Failure(String message, Instant time, int failures, @Nullable Instant nextAttempt) {

	}

}

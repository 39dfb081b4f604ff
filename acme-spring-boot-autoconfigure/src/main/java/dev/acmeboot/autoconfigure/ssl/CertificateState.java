package dev.acmeboot.autoconfigure.ssl;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.certificate.ManagedCertificate;

/**
 * What is known about one managed certificate at run time: the bundle being served,
 * whether it is the self-signed placeholder, and the outcome of the last issuance
 * attempt. Safe to read from any thread.
 *
 * @author ACME Spring Boot contributors
 */
public class CertificateState {

	private final ManagedCertificate certificate;

	private final AtomicReference<@Nullable Served> served = new AtomicReference<>();

	private final AtomicReference<@Nullable Failure> lastFailure = new AtomicReference<>();

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

	void served(CertificateBundle bundle, boolean placeholder) {
		this.served.set(new Served(bundle, placeholder));
		if (!placeholder) {
			this.lastFailure.set(null);
		}
	}

	/**
	 * Records a failed issuance attempt.
	 * @param message what failed
	 * @param time when it failed
	 */
	public void failed(String message, Instant time) {
		this.lastFailure.set(new Failure(message, time));
	}

	private record Served(CertificateBundle bundle, boolean placeholder) {

	}

	/**
	 * A failed issuance attempt.
	 *
	 * @param message what failed
	 * @param time when it failed
	 */
	public record Failure(String message, Instant time) {

	}

}

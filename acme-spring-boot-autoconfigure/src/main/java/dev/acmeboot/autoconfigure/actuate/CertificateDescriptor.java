package dev.acmeboot.autoconfigure.actuate;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.certificate.KeyType;
import dev.acmeboot.autoconfigure.issuance.RenewalWindow;
import dev.acmeboot.autoconfigure.ssl.CertificateState;
import dev.acmeboot.autoconfigure.ssl.CertificateState.Failure;

/**
 * Description of one managed certificate and the certificate it serves, as the
 * {@code acme} endpoint reports it. It never contains key material.
 *
 * @param names the configured names, first name first
 * @param placeholder whether the self-signed placeholder is served
 * @param serialNumber the serial number of the served certificate in lower-case
 * hexadecimal, or {@code null} before the SSL bundle is registered
 * @param notBefore the start of the served certificate's validity
 * @param notAfter the end of the served certificate's validity
 * @param issuer the issuer's distinguished name
 * @param keyType the type of the domain key, such as {@code ec-p256}, or the key
 * algorithm for other keys
 * @param nextRenewal when the served certificate is due for renewal, or {@code null}
 * before the first check
 * @param renewalWindow the renewal window the CA suggests through ACME Renewal
 * Information (RFC 9773), or {@code null} when the CA offers none, its use is disabled,
 * or it was not fetched yet
 * @param failures the number of consecutive failed attempts since the last success
 * @param lastError the message of the last failed attempt, or {@code null}
 * @param lastFailure when the last attempt failed, or {@code null}
 * @param nextAttempt when the next attempt after a failure is scheduled, or {@code null}
 * @param renewalStopped whether renewals stopped because retrying cannot succeed
 * @author ACME Spring Boot contributors
 */
public record CertificateDescriptor(List<String> names, boolean placeholder, @Nullable String serialNumber,
		@Nullable Instant notBefore, @Nullable Instant notAfter, @Nullable String issuer, @Nullable String keyType,
		@Nullable Instant nextRenewal, @Nullable RenewalWindowDescriptor renewalWindow, int failures,
		@Nullable String lastError, @Nullable Instant lastFailure, @Nullable Instant nextAttempt,
		boolean renewalStopped) implements OperationResponseBody {

	/**
	 * Describes the current state of a managed certificate.
	 * @param state the state to describe
	 * @return the description
	 */
	static CertificateDescriptor of(CertificateState state) {
		Optional<CertificateBundle> served = state.getServedBundle();
		X509Certificate leaf = served.map(CertificateBundle::leaf).orElse(null);
		Optional<Failure> failure = state.getLastFailure();
		return new CertificateDescriptor(state.getCertificate().domains(), state.isServingPlaceholder(),
				served.map(CertificateBundle::serialNumber).orElse(null),
				served.map(CertificateBundle::notBefore).orElse(null),
				served.map(CertificateBundle::notAfter).orElse(null),
				(leaf != null) ? leaf.getIssuerX500Principal().getName() : null,
				(leaf != null) ? describeKey(leaf.getPublicKey()) : null, state.getNextRenewal().orElse(null),
				state.getRenewalWindow().map(RenewalWindowDescriptor::of).orElse(null),
				failure.map(Failure::failures).orElse(0), failure.map(Failure::message).orElse(null),
				failure.map(Failure::time).orElse(null), failure.map(Failure::nextAttempt).orElse(null),
				state.isRenewalStopped());
	}

	private static String describeKey(PublicKey key) {
		return KeyType.of(key).map(KeyType::toString).orElse(key.getAlgorithm());
	}

	/**
	 * A renewal window suggested by the CA.
	 *
	 * @param start the start of the window
	 * @param end the end of the window
	 * @param explanation a page that explains the window, or {@code null}
	 */
	public record RenewalWindowDescriptor(Instant start, Instant end, @Nullable String explanation) {

		static RenewalWindowDescriptor of(RenewalWindow window) {
			String explanation = (window.explanation() != null) ? window.explanation().toString() : null;
			return new RenewalWindowDescriptor(window.start(), window.end(), explanation);
		}

	}

}

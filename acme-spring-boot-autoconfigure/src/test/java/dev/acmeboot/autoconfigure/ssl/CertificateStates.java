package dev.acmeboot.autoconfigure.ssl;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.certificate.KeyType;
import dev.acmeboot.autoconfigure.certificate.ManagedCertificate;
import dev.acmeboot.autoconfigure.certificate.SelfSignedCertificateFactory;

/**
 * Builds {@link CertificateState} instances that serve a chosen certificate, for tests
 * outside this package.
 */
public final class CertificateStates {

	private CertificateStates() {
	}

	/**
	 * Creates the state of a certificate for the names with nothing served yet.
	 * @param names the names, first name first
	 * @return the state
	 */
	public static CertificateState of(String... names) {
		return new CertificateState(ManagedCertificate.of(List.of(names), KeyType.EC_P256));
	}

	/**
	 * Records that the state serves the bundle.
	 * @param state the state to change
	 * @param bundle the served bundle
	 * @param placeholder whether the bundle is the self-signed placeholder
	 * @return the state
	 */
	public static CertificateState serve(CertificateState state, CertificateBundle bundle, boolean placeholder) {
		state.served(bundle, placeholder);
		return state;
	}

	/**
	 * Creates a self-signed certificate for the names, valid from one hour before
	 * {@code issuedAt} for 30 days.
	 * @param issuedAt the time the certificate is made at
	 * @param names the names
	 * @return the certificate and its key
	 */
	public static CertificateBundle selfSigned(Instant issuedAt, String... names) {
		return new SelfSignedCertificateFactory(Clock.fixed(issuedAt, ZoneOffset.UTC)).create(List.of(names));
	}

}

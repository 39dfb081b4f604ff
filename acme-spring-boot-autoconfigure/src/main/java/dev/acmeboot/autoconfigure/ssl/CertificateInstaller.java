package dev.acmeboot.autoconfigure.ssl;

import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.pem.PemSslStore;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.certificate.CertificateVerifier;

/**
 * Swaps a new certificate into the SSL bundle that the web server uses. The bundle is
 * verified first, and Spring Boot's {@link SslBundleRegistry#updateBundle} then rebuilds
 * the server's TLS configuration: new handshakes get the new certificate while open
 * connections keep the old one.
 *
 * @author ACME Spring Boot contributors
 */
public class CertificateInstaller {

	private static final Log logger = LogFactory.getLog(CertificateInstaller.class);

	private final String bundleName;

	private final Supplier<SslBundleRegistry> registry;

	private final CertificateVerifier verifier;

	private final CertificateState state;

	/**
	 * Creates an installer.
	 * @param bundleName the name of the SSL bundle to update
	 * @param registry supplies the registry that contains the bundle
	 * @param verifier checks each bundle before it is installed
	 * @param state records what is served
	 */
	public CertificateInstaller(String bundleName, Supplier<SslBundleRegistry> registry, CertificateVerifier verifier,
			CertificateState state) {
		this.bundleName = bundleName;
		this.registry = registry;
		this.verifier = verifier;
		this.state = state;
	}

	/**
	 * Verifies the certificate and makes it the one the web server presents.
	 * @param bundle the issued chain and its key
	 * @throws dev.acmeboot.autoconfigure.certificate.CertificateVerificationException if
	 * the bundle fails verification; the served certificate is then unchanged
	 */
	public void install(CertificateBundle bundle) {
		this.verifier.verify(bundle, this.state.getCertificate().domains());
		this.registry.get().updateBundle(this.bundleName, toSslBundle(bundle));
		this.state.served(bundle, false);
		logger.info("Installed certificate for " + this.state.getCertificate().domains() + " in SSL bundle '"
				+ this.bundleName + "' (serial " + bundle.serialNumber() + ", expires " + bundle.notAfter() + ")");
	}

	/**
	 * Converts a certificate chain and key into an SSL bundle.
	 * @param bundle the chain and key
	 * @return an SSL bundle whose key store contains them
	 */
	static SslBundle toSslBundle(CertificateBundle bundle) {
		return SslBundle.of(new PemSslStoreBundle(PemSslStore.of(bundle.chain(), bundle.privateKey()), null));
	}

}

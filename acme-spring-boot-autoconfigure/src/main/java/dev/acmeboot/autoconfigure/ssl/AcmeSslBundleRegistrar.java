package dev.acmeboot.autoconfigure.ssl;

import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundleRegistry;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.certificate.CertificateVerificationException;
import dev.acmeboot.autoconfigure.certificate.CertificateVerifier;
import dev.acmeboot.autoconfigure.certificate.ManagedCertificate;
import dev.acmeboot.autoconfigure.certificate.SelfSignedCertificateFactory;
import dev.acmeboot.autoconfigure.storage.CertificateStore;
import dev.acmeboot.autoconfigure.storage.CertificateStoreException;

/**
 * Registers the SSL bundle of the managed certificate before the web server starts,
 * without waiting for the CA: with the stored certificate when it is valid and names at
 * least one configured name, otherwise with a self-signed placeholder. A stored
 * certificate that lacks some of the configured names is still served until the
 * maintenance loop has replaced it, so changing the names never takes the site down.
 *
 * @author ACME Spring Boot contributors
 */
public class AcmeSslBundleRegistrar implements SslBundleRegistrar {

	private static final Log logger = LogFactory.getLog(AcmeSslBundleRegistrar.class);

	private final String bundleName;

	private final CertificateStore store;

	private final CertificateVerifier verifier;

	private final SelfSignedCertificateFactory placeholders;

	private final CertificateState state;

	/**
	 * Creates a registrar.
	 * @param bundleName the name of the SSL bundle to register
	 * @param store the storage to load the certificate from
	 * @param verifier checks the stored certificate
	 * @param placeholders creates the placeholder certificate
	 * @param state records what is served
	 */
	public AcmeSslBundleRegistrar(String bundleName, CertificateStore store, CertificateVerifier verifier,
			SelfSignedCertificateFactory placeholders, CertificateState state) {
		this.bundleName = bundleName;
		this.store = store;
		this.verifier = verifier;
		this.placeholders = placeholders;
		this.state = state;
	}

	@Override
	public void registerBundles(SslBundleRegistry registry) {
		ManagedCertificate certificate = this.state.getCertificate();
		Optional<CertificateBundle> stored = loadStored(certificate);
		if (stored.isPresent()) {
			CertificateBundle bundle = stored.get();
			registry.registerBundle(this.bundleName, CertificateInstaller.toSslBundle(bundle));
			this.state.served(bundle, false);
			logger.info("Serving stored certificate for " + certificate.domains() + " (serial " + bundle.serialNumber()
					+ ", expires " + bundle.notAfter() + ")");
			return;
		}
		CertificateBundle placeholder = this.placeholders.create(certificate.domains());
		registry.registerBundle(this.bundleName, CertificateInstaller.toSslBundle(placeholder));
		this.state.served(placeholder, true);
		logger.info("Serving a self-signed placeholder for " + certificate.domains()
				+ " until the CA issues a certificate");
	}

	private Optional<CertificateBundle> loadStored(ManagedCertificate certificate) {
		try {
			Optional<CertificateBundle> stored = this.store.loadCertificate(certificate.id());
			if (stored.isEmpty()) {
				return Optional.empty();
			}
			CertificateBundle bundle = stored.get();
			this.verifier.verify(bundle, List.of());
			if (certificate.domains().stream().noneMatch((name) -> bundle.covers(List.of(name)))) {
				logger.info("Not serving the stored certificate for " + bundle.dnsNames()
						+ " because it names none of " + certificate.domains());
				return Optional.empty();
			}
			return stored;
		}
		catch (CertificateStoreException | CertificateVerificationException ex) {
			logger.warn("Not serving the stored certificate for " + certificate.domains() + ": " + ex.getMessage());
			return Optional.empty();
		}
	}

}

package dev.acmeboot.autoconfigure.storage;

import java.util.Optional;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;

/**
 * Storage for ACME accounts and issued certificates.
 * <p>
 * Contract for implementations:
 * <ul>
 * <li>Every method may be called from several threads at once.</li>
 * <li>An empty result means that nothing was ever saved under the identifier. Content
 * that exists but cannot be read raises {@link CertificateStoreException} instead, so
 * that callers never mistake damage for absence.</li>
 * <li>A save either replaces the previous entry completely or leaves it untouched: a
 * certificate is never paired with another certificate's key, even after a crash in the
 * middle of a save.</li>
 * <li>Private keys are stored readable by the owner only.</li>
 * </ul>
 *
 * @author ACME Spring Boot contributors
 */
public interface CertificateStore {

	/**
	 * Loads the account registered with a CA.
	 * @param accountId identifier of the CA's account, derived from its directory URL
	 * @return the account, or empty if none was saved
	 * @throws CertificateStoreException if the stored account cannot be read
	 */
	Optional<StoredAccount> loadAccount(String accountId);

	/**
	 * Saves the account registered with a CA, replacing any previous one.
	 * @param accountId identifier of the CA's account, derived from its directory URL
	 * @param account the account key pair and location
	 * @throws CertificateStoreException if the account cannot be written
	 */
	void saveAccount(String accountId, StoredAccount account);

	/**
	 * Loads the current certificate and its key.
	 * @param certificateId identifier of the managed certificate
	 * @return the certificate bundle, or empty if none was saved
	 * @throws CertificateStoreException if the stored certificate or key cannot be read
	 */
	Optional<CertificateBundle> loadCertificate(String certificateId);

	/**
	 * Saves a certificate and its key, which become current together.
	 * @param certificateId identifier of the managed certificate
	 * @param bundle the certificate chain and its private key
	 * @throws CertificateStoreException if the certificate cannot be written; the
	 * previous certificate then stays current
	 */
	void saveCertificate(String certificateId, CertificateBundle bundle);

}

package dev.acmeboot.autoconfigure.storage;

import java.util.Optional;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;

/**
 * Storage for ACME accounts and issued certificates.
 * <p>
 * Contract for implementations:
 * <ul>
 * <li>Every method may be called from several threads at once.</li>
 * <li>An empty result means that nothing usable is stored under the identifier: nothing
 * was saved, or the stored content was damaged. Damaged content is an empty, truncated
 * or unparsable file, a file missing from its entry, or a key that does not match its
 * certificate. It is quarantined: moved aside (never silently deleted) and reported in a
 * warning that names it and the reason. The caller then creates new content.</li>
 * <li>{@link CertificateStoreException} is raised when the storage cannot be accessed,
 * for example when reading fails with an I/O error, so that callers never mistake an
 * outage for absence.</li>
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
	 * @return the account, or empty if none was saved or the stored key was damaged
	 * @throws CertificateStoreException if the storage cannot be read
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
	 * @return the certificate bundle, or empty if none was saved or the stored
	 * certificate or key was damaged
	 * @throws CertificateStoreException if the storage cannot be read
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

	/**
	 * Loads the renewal record of a certificate.
	 * @param certificateId identifier of the managed certificate
	 * @return the record, or empty if none was saved or the stored record was damaged
	 * @throws CertificateStoreException if the storage cannot be read
	 */
	Optional<RenewalRecord> loadRenewalRecord(String certificateId);

	/**
	 * Saves the renewal record of a certificate, replacing any previous one.
	 * @param certificateId identifier of the managed certificate
	 * @param record the record to save
	 * @throws CertificateStoreException if the record cannot be written
	 */
	void saveRenewalRecord(String certificateId, RenewalRecord record);

}

package dev.acmeboot.autoconfigure.storage;

/**
 * Thrown when stored accounts or certificates cannot be read or written.
 *
 * @author ACME Spring Boot contributors
 */
public class CertificateStoreException extends RuntimeException {

	/**
	 * Creates a new exception.
	 * @param message what failed, naming the file or entry
	 * @param cause the underlying failure
	 */
	public CertificateStoreException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * Creates a new exception.
	 * @param message what failed, naming the file or entry
	 */
	public CertificateStoreException(String message) {
		super(message);
	}

}

package dev.acmeboot.autoconfigure.maintenance;

/**
 * Thrown when a renewal or revocation requested through {@link CertificateManager}
 * cannot be carried out.
 *
 * @author ACME Spring Boot contributors
 */
public class CertificateOperationException extends RuntimeException {

	/**
	 * Creates a new exception.
	 * @param message what failed, naming the certificate
	 * @param cause the underlying failure
	 */
	public CertificateOperationException(String message, Throwable cause) {
		super(message, cause);
	}

}

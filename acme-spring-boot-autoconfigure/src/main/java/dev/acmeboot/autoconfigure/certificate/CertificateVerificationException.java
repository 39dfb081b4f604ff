package dev.acmeboot.autoconfigure.certificate;

/**
 * Thrown when a certificate bundle fails a check and must not be stored or served.
 *
 * @author ACME Spring Boot contributors
 */
public class CertificateVerificationException extends RuntimeException {

	/**
	 * Creates a new exception.
	 * @param reason what failed, as a lower-case clause
	 */
	public CertificateVerificationException(String reason) {
		super(reason);
	}

}

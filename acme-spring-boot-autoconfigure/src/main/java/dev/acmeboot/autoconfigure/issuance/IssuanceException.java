package dev.acmeboot.autoconfigure.issuance;

/**
 * Thrown when a certificate cannot be issued for a reason the CA reported or the
 * protocol implies, such as a failed challenge or an order that became invalid.
 *
 * @author ACME Spring Boot contributors
 */
public class IssuanceException extends RuntimeException {

	/**
	 * Creates a new exception.
	 * @param message what failed, naming the names, order or authorization involved
	 */
	public IssuanceException(String message) {
		super(message);
	}

	/**
	 * Creates a new exception.
	 * @param message what failed, naming the names, order or authorization involved
	 * @param cause the underlying failure
	 */
	public IssuanceException(String message, Throwable cause) {
		super(message, cause);
	}

}

package dev.acmeboot.autoconfigure.issuance;

/**
 * Thrown when the CA reports the stored account as deactivated or unknown. Retrying
 * cannot help, so the maintenance loop stops until the account is fixed.
 *
 * @author ACME Spring Boot contributors
 */
public class AccountUnusableException extends IssuanceException {

	/**
	 * Creates a new exception.
	 * @param message what the CA reported, naming the account
	 * @param cause the CA's error
	 */
	public AccountUnusableException(String message, Throwable cause) {
		super(message, cause);
	}

}

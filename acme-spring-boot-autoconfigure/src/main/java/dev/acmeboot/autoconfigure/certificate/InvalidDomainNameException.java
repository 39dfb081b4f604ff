package dev.acmeboot.autoconfigure.certificate;

/**
 * Thrown when a configured domain name cannot be used in a certificate request.
 *
 * @author ACME Spring Boot contributors
 */
public class InvalidDomainNameException extends IllegalArgumentException {

	private final String name;

	private final String reason;

	/**
	 * Creates a new exception.
	 * @param name the name as configured
	 * @param reason why the name is invalid
	 */
	public InvalidDomainNameException(String name, String reason) {
		super("Invalid domain name '" + name + "': " + reason);
		this.name = name;
		this.reason = reason;
	}

	/**
	 * Returns the name as configured.
	 * @return the invalid name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Returns why the name is invalid.
	 * @return the reason, a lower-case clause
	 */
	public String getReason() {
		return this.reason;
	}

}

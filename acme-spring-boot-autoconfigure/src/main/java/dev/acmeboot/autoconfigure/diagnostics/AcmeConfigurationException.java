package dev.acmeboot.autoconfigure.diagnostics;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up when an {@code acme.*} property is missing or invalid. The
 * {@link AcmeConfigurationFailureAnalyzer} turns it into a short report that names the
 * property, its value and the fix.
 *
 * @author ACME Spring Boot contributors
 */
public class AcmeConfigurationException extends RuntimeException {

	private final String property;

	private final @Nullable Object value;

	private final String action;

	/**
	 * Creates a new exception.
	 * @param property the property at fault, such as {@code acme.domains}
	 * @param value the configured value, or {@code null} if it is missing
	 * @param problem what is wrong, as a full sentence
	 * @param action what to do, as a full sentence
	 */
	public AcmeConfigurationException(String property, @Nullable Object value, String problem, String action) {
		this(property, value, problem, action, null);
	}

	/**
	 * Creates a new exception with a cause.
	 * @param property the property at fault, such as {@code acme.domains}
	 * @param value the configured value, or {@code null} if it is missing
	 * @param problem what is wrong, as a full sentence
	 * @param action what to do, as a full sentence
	 * @param cause the underlying failure, or {@code null}
	 */
	public AcmeConfigurationException(String property, @Nullable Object value, String problem, String action,
			@Nullable Throwable cause) {
		super(problem, cause);
		this.property = property;
		this.value = value;
		this.action = action;
	}

	/**
	 * Returns the property at fault.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Returns the configured value.
	 * @return the value, or {@code null} if it is missing
	 */
	public @Nullable Object getValue() {
		return this.value;
	}

	/**
	 * Returns what the user should do.
	 * @return the action, a full sentence
	 */
	public String getAction() {
		return this.action;
	}

}

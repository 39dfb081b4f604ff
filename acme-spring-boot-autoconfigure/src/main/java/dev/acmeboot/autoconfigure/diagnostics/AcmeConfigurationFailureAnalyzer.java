package dev.acmeboot.autoconfigure.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link AcmeConfigurationException} as the property, its value, the
 * problem and the fix, in place of a stack trace.
 *
 * @author ACME Spring Boot contributors
 */
class AcmeConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<AcmeConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, AcmeConfigurationException cause) {
		String value = (cause.getValue() != null) ? "'" + cause.getValue() + "'" : "(not set)";
		String description = "Invalid ACME configuration:\n\n    Property: " + cause.getProperty() + "\n    Value: "
				+ value + "\n    Problem: " + cause.getMessage();
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}

package dev.acmeboot.autoconfigure.diagnostics;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;

/**
 * Reports an {@code acme.*} value that cannot be converted to its type, such as a
 * duration written as {@code soon}, with an example of the expected format. Spring
 * Boot's own report names the value but only says to update the configuration.
 *
 * @author ACME Spring Boot contributors
 */
class AcmePropertyBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	private static final String PREFIX = "acme.";

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		String name = cause.getName().toString();
		if (!name.startsWith(PREFIX)) {
			return null;
		}
		ResolvableType type = cause.getTarget().getType();
		String format = expectedFormat(type);
		if (format == null) {
			return null;
		}
		ConfigurationProperty property = cause.getProperty();
		String value = (property != null) ? "'" + property.getValue() + "'" : "(not set)";
		String origin = (property != null && property.getOrigin() != null) ? " (from " + property.getOrigin() + ")"
				: "";
		String description = "Invalid ACME configuration:\n\n    Property: " + name + "\n    Value: " + value + origin
				+ "\n    Problem: the value is not " + format + ".";
		String action = "Set '" + name + "' to " + format + ", or remove it to use the default.";
		return new FailureAnalysis(description, action, cause);
	}

	/**
	 * Returns the format of a property type in words with an example, or {@code null}
	 * for types whose Spring Boot report is clear enough.
	 */
	private static @Nullable String expectedFormat(ResolvableType type) {
		Class<?> resolved = type.resolve(Object.class);
		if (Collection.class.isAssignableFrom(resolved)) {
			String element = expectedFormat(type.asCollection().getGeneric(0));
			return (element != null) ? "a comma-separated list, each element " + element : null;
		}
		if (Duration.class.equals(resolved)) {
			return "a duration such as '30s', '10m', '1h' or '1d' (units: ms, s, m, h, d)";
		}
		if (resolved.isEnum()) {
			String values = Arrays.stream(resolved.getEnumConstants())
				.map((constant) -> "'" + ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-') + "'")
				.collect(Collectors.joining(", "));
			return "one of " + values;
		}
		if (boolean.class.equals(resolved) || Boolean.class.equals(resolved)) {
			return "'true' or 'false'";
		}
		if (int.class.equals(resolved) || Integer.class.equals(resolved)) {
			return "a whole number";
		}
		return null;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}

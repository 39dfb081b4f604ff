package dev.acmeboot.autoconfigure.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

/**
 * Reads and writes a {@link RenewalRecord} as a {@link Properties} file. Instants use the
 * ISO-8601 form of {@link Instant#toString()}, and a {@code null} field is left out.
 * Unknown keys are ignored when reading.
 *
 * @author ACME Spring Boot contributors
 */
final class RenewalRecordProperties {

	static final String FAILURES = "failures";

	static final String LAST_ERROR = "last-error";

	static final String LAST_FAILURE = "last-failure";

	static final String NEXT_ATTEMPT = "next-attempt";

	static final String REPLACED_SERIAL = "replaced-serial";

	private RenewalRecordProperties() {
	}

	/**
	 * Encodes the record in the ISO 8859-1 {@code .properties} format, where other
	 * characters are written as Unicode escapes.
	 * @param record the record to encode
	 * @return the file content
	 */
	static byte[] encode(RenewalRecord record) {
		Properties properties = new Properties();
		properties.setProperty(FAILURES, Integer.toString(record.failures()));
		putIfNotNull(properties, LAST_ERROR, record.lastError());
		putIfNotNull(properties, LAST_FAILURE, record.lastFailure());
		putIfNotNull(properties, NEXT_ATTEMPT, record.nextAttempt());
		putIfNotNull(properties, REPLACED_SERIAL, record.replacedSerial());
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		try {
			properties.store(content, "Renewal record of the certificate in this folder");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Unable to encode a renewal record", ex);
		}
		return content.toByteArray();
	}

	/**
	 * Decodes a record written by {@link #encode(RenewalRecord)}.
	 * @param content the file content
	 * @return the record
	 * @throws IOException if the content is not a valid renewal record, naming the
	 * invalid key
	 */
	static RenewalRecord decode(byte[] content) throws IOException {
		Properties properties = new Properties();
		try {
			properties.load(new ByteArrayInputStream(content));
		}
		catch (IllegalArgumentException ex) {
			throw new IOException("Malformed properties: " + ex.getMessage(), ex);
		}
		int failures = failures(properties.getProperty(FAILURES));
		return new RenewalRecord(failures, properties.getProperty(LAST_ERROR),
				instant(properties, LAST_FAILURE), instant(properties, NEXT_ATTEMPT),
				properties.getProperty(REPLACED_SERIAL));
	}

	private static int failures(@Nullable String value) throws IOException {
		if (value == null) {
			throw new IOException("The key '" + FAILURES + "' is missing");
		}
		try {
			int failures = Integer.parseInt(value.strip());
			if (failures >= 0) {
				return failures;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below together with negative numbers.
		}
		throw new IOException("The value '" + value + "' of '" + FAILURES + "' is not a non-negative integer");
	}

	private static @Nullable Instant instant(Properties properties, String key) throws IOException {
		String value = properties.getProperty(key);
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw new IOException("The value '" + value + "' of '" + key + "' is not an ISO-8601 instant", ex);
		}
	}

	private static void putIfNotNull(Properties properties, String key, @Nullable Object value) {
		if (value != null) {
			properties.setProperty(key, value.toString());
		}
	}

}

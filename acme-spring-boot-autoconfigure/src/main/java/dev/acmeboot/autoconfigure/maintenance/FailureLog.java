package dev.acmeboot.autoconfigure.maintenance;

import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * Logs failed attempts to obtain a certificate without repeating the same warning on
 * every retry. The first failure, and each failure whose error differs from the one
 * before, is logged at WARN. A failure with the same error as the one before is logged
 * at INFO with the number of times in a row it occurred. Errors that differ only in
 * URLs, such as a new order or challenge token, count as the same error. The stack trace
 * of every failure is logged at DEBUG. Used by the maintenance thread only.
 *
 * @author ACME Spring Boot contributors
 */
class FailureLog {

	private static final Pattern URL = Pattern.compile("https?://\\S+");

	private final Log logger;

	private @Nullable String lastError;

	private int occurrences;

	/**
	 * Creates a failure log that writes to the given logger.
	 * @param logger the logger of the component whose failures are logged
	 */
	FailureLog(Log logger) {
		this.logger = logger;
	}

	/**
	 * Logs a failed attempt.
	 * @param error the error message, which decides whether the error repeats
	 * @param line the log line, which names the certificate and the error
	 * @param cause the failure, for the stack trace at DEBUG
	 */
	void failed(String error, String line, Throwable cause) {
		String comparable = URL.matcher(error).replaceAll("<url>");
		if (comparable.equals(this.lastError)) {
			this.occurrences++;
			this.logger.info(line + " (same error " + this.occurrences + " times in a row)");
		}
		else {
			this.lastError = comparable;
			this.occurrences = 1;
			this.logger.warn(line);
		}
		this.logger.debug("Stack trace of the failure: " + error, cause);
	}

	/**
	 * Forgets the last error after a successful attempt, so that the next failure is
	 * logged at WARN.
	 */
	void succeeded() {
		this.lastError = null;
		this.occurrences = 0;
	}

}

package dev.acmeboot.autoconfigure.maintenance;

/**
 * Builds one-line descriptions of failures for logs and status reports.
 *
 * @author ACME Spring Boot contributors
 */
final class FailureMessages {

	private FailureMessages() {
	}

	/**
	 * Joins the messages of an exception and its causes, skipping repeats.
	 * @param failure the failure
	 * @return a one-line description
	 */
	static String describe(Throwable failure) {
		StringBuilder message = new StringBuilder();
		Throwable current = failure;
		int depth = 0;
		while (current != null && depth < 10) {
			String text = current.getMessage();
			if (text == null || text.isBlank()) {
				text = current.getClass().getSimpleName();
			}
			if (message.indexOf(text) < 0) {
				if (message.length() > 0) {
					message.append(": ");
				}
				message.append(text.replace('\n', ' '));
			}
			current = (current.getCause() != current) ? current.getCause() : null;
			depth++;
		}
		return message.toString();
	}

}

package dev.acmeboot.autoconfigure.issuance;

import java.net.URI;
import java.util.Locale;

/**
 * Derives the storage identifier of the account at a CA from the CA's directory URL, so
 * that each CA gets its own account.
 *
 * @author ACME Spring Boot contributors
 */
public final class AccountIds {

	private AccountIds() {
	}

	/**
	 * Returns the account identifier for a directory URL: its host, port and path with
	 * every character other than letters, digits, '.' and '-' replaced by '_'. For
	 * example {@code https://127.0.0.1:14000/dir} gives {@code 127.0.0.1_14000_dir}.
	 * @param directory the directory URL
	 * @return the identifier
	 */
	public static String of(URI directory) {
		StringBuilder id = new StringBuilder(String.valueOf(directory.getHost()));
		if (directory.getPort() != -1) {
			id.append('_').append(directory.getPort());
		}
		String path = String.valueOf(directory.getPath());
		if (!path.isEmpty() && !path.equals("/")) {
			id.append(path.replaceAll("/+$", ""));
		}
		String sanitized = id.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "_");
		return (sanitized.length() > 200) ? sanitized.substring(0, 200) : sanitized;
	}

}

package dev.acmeboot.autoconfigure.storage;

import java.nio.file.Path;
import java.util.List;

/**
 * Thrown while loading when stored content exists but cannot be used: a file is empty,
 * truncated, unparsable or missing from its entry, or a key does not match its
 * certificate. The store then moves the entries aside and reports the content as absent.
 *
 * @author ACME Spring Boot contributors
 */
final class DamagedEntryException extends Exception {

	private final List<Path> entries;

	private final String consequence;

	/**
	 * Creates a new exception.
	 * @param reason what is wrong, naming the file
	 * @param entries the files and folders to move aside, in order. Entries that do not
	 * exist are skipped.
	 * @param consequence what happens next because the content is reported as absent
	 */
	DamagedEntryException(String reason, List<Path> entries, String consequence) {
		super(reason);
		this.entries = List.copyOf(entries);
		this.consequence = consequence;
	}

	List<Path> getEntries() {
		return this.entries;
	}

	String getConsequence() {
		return this.consequence;
	}

}

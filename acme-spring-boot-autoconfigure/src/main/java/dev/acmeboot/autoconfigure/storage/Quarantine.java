package dev.acmeboot.autoconfigure.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Moves damaged files and folders aside instead of deleting them, so that the store can
 * start over while the damaged content stays available for inspection. An entry
 * {@code name} is renamed to {@code name.damaged-<UTC time>} in the same folder, with a
 * {@code -2}, {@code -3}, ... suffix if that name is taken.
 *
 * @author ACME Spring Boot contributors
 */
final class Quarantine {

	private static final Log logger = LogFactory.getLog(FileCertificateStore.class);

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final int MAX_SUFFIX = 1000;

	private final Clock clock;

	Quarantine(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Moves the damaged entries aside and logs one warning that names each move, the
	 * reason and the consequence. The caller holds the store's write lock.
	 * @param damage the damaged entries and the reason
	 * @throws CertificateStoreException if an entry cannot be moved
	 */
	void moveAside(DamagedEntryException damage) {
		List<String> moves = new ArrayList<>();
		for (Path entry : damage.getEntries()) {
			if (!Files.exists(entry)) {
				continue;
			}
			try {
				Path target = moveAside(entry);
				moves.add("'" + entry + "' to '" + target.getFileName() + "'");
			}
			catch (IOException ex) {
				throw new CertificateStoreException("Unable to move the damaged entry '" + entry + "' aside ("
						+ damage.getMessage() + "): " + ex, ex);
			}
		}
		logger.warn("Moved damaged storage entries aside because " + damage.getMessage() + ": "
				+ String.join(", ", moves) + ". " + damage.getConsequence());
	}

	private Path moveAside(Path entry) throws IOException {
		String base = entry.getFileName() + ".damaged-" + TIME.format(this.clock.instant());
		for (int suffix = 1; suffix <= MAX_SUFFIX; suffix++) {
			Path target = entry.resolveSibling((suffix == 1) ? base : base + "-" + suffix);
			try {
				// Without ATOMIC_MOVE, Files.move rejects an existing target instead of
				// replacing it. Within one folder it still renames in a single step.
				Files.move(entry, target);
				AtomicFiles.syncFolder(entry.toAbsolutePath().getParent());
				return target;
			}
			catch (FileAlreadyExistsException ex) {
				// Another entry was moved aside in the same second: try the next suffix.
			}
		}
		throw new FileAlreadyExistsException(entry + ".damaged-*", null,
				"all " + MAX_SUFFIX + " names for this second are taken");
	}

}

package dev.acmeboot.autoconfigure.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.certificate.SelfSignedCertificateFactory;

/**
 * Paths and certificates shared by the storage tests that write damaged or hand-made
 * files into a {@link FileCertificateStore}.
 */
final class StorageTestSupport {

	static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

	/**
	 * The suffix that entries moved aside at {@link #NOW} get.
	 */
	static final String DAMAGED_SUFFIX = ".damaged-20250601T120000Z";

	static final String ACCOUNT_ID = "127.0.0.1_14000_dir";

	static final String CERTIFICATE_ID = "app.example.com";

	static final List<String> NAMES = List.of("app.example.com", "www.example.com");

	private static final SelfSignedCertificateFactory certificates = new SelfSignedCertificateFactory(clock(NOW));

	private StorageTestSupport() {
	}

	static CertificateBundle newBundle() {
		return certificates.create(NAMES);
	}

	static FileCertificateStore store(Path root) {
		return new FileCertificateStore(root, clock(NOW));
	}

	static Clock clock(Instant now) {
		return Clock.fixed(now, ZoneOffset.UTC);
	}

	static Path accountFolder(Path root) {
		return root.resolve("accounts").resolve(ACCOUNT_ID);
	}

	static Path certificateFolder(Path root) {
		return root.resolve("certificates").resolve(CERTIFICATE_ID);
	}

	static Path currentVersionFolder(Path root) throws IOException {
		Path folder = certificateFolder(root);
		return folder.resolve(Files.readString(folder.resolve("current")).strip());
	}

	/**
	 * Lists the names of the entries in a folder, sorted.
	 */
	static List<String> entryNames(Path folder) throws IOException {
		try (Stream<Path> entries = Files.list(folder)) {
			return entries.map((path) -> path.getFileName().toString()).sorted().toList();
		}
	}

}

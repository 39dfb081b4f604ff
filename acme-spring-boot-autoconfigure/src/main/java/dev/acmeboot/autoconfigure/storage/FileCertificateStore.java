package dev.acmeboot.autoconfigure.storage;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;

/**
 * {@link CertificateStore} that keeps PEM files in a folder:
 *
 * <pre>
 * accounts/&lt;account id&gt;/account-key.pem      account key pair (owner-only)
 * accounts/&lt;account id&gt;/account-location.txt account URL
 * certificates/&lt;certificate id&gt;/current      name of the current version folder
 * certificates/&lt;certificate id&gt;/&lt;version&gt;/fullchain.pem
 * certificates/&lt;certificate id&gt;/&lt;version&gt;/privkey.pem   (owner-only)
 * </pre>
 *
 * Each certificate and its key are written to a new version folder, and the
 * {@code current} pointer is then replaced in one atomic rename. A crash before that
 * rename leaves the previous version current. The two most recent older versions are
 * kept.
 *
 * @author ACME Spring Boot contributors
 */
public class FileCertificateStore implements CertificateStore {

	private static final Log logger = LogFactory.getLog(FileCertificateStore.class);

	static final String ACCOUNT_KEY_FILE = "account-key.pem";

	static final String ACCOUNT_LOCATION_FILE = "account-location.txt";

	static final String CURRENT_POINTER_FILE = "current";

	static final String CHAIN_FILE = "fullchain.pem";

	static final String PRIVATE_KEY_FILE = "privkey.pem";

	private static final int OLD_VERSIONS_KEPT = 2;

	private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,255}");

	private static final Pattern VERSION_NAME = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]+");

	private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private final Path root;

	private final Clock clock;

	private final Object writeLock = new Object();

	/**
	 * Creates a store in the given folder, which is created on the first save.
	 * @param root the storage folder
	 * @param clock the clock that names certificate versions
	 */
	public FileCertificateStore(Path root, Clock clock) {
		this.root = root.toAbsolutePath();
		this.clock = clock;
	}

	/**
	 * Returns the storage folder.
	 * @return the absolute path of the folder
	 */
	public Path getRoot() {
		return this.root;
	}

	@Override
	public Optional<StoredAccount> loadAccount(String accountId) {
		Path folder = accountFolder(accountId);
		Path keyFile = folder.resolve(ACCOUNT_KEY_FILE);
		Optional<String> keyPem = readIfPresent(keyFile);
		if (keyPem.isEmpty()) {
			return Optional.empty();
		}
		KeyPair keyPair;
		try {
			keyPair = PemCodec.decodeKeyPair(keyPem.get());
		}
		catch (IOException ex) {
			throw new CertificateStoreException("Unable to read the account key '" + keyFile + "': " + ex.getMessage(), ex);
		}
		URL location = readIfPresent(folder.resolve(ACCOUNT_LOCATION_FILE)).map(String::strip)
			.filter((text) -> !text.isEmpty())
			.map(FileCertificateStore::toUrl)
			.orElse(null);
		return Optional.of(new StoredAccount(keyPair, location));
	}

	@Override
	public void saveAccount(String accountId, StoredAccount account) {
		Path folder = accountFolder(accountId);
		synchronized (this.writeLock) {
			try {
				AtomicFiles.createFolders(folder);
				AtomicFiles.write(folder.resolve(ACCOUNT_KEY_FILE),
						PemCodec.encodeKeyPair(account.keyPair()).getBytes(StandardCharsets.US_ASCII));
				if (account.location() != null) {
					AtomicFiles.write(folder.resolve(ACCOUNT_LOCATION_FILE),
							(account.location() + "\n").getBytes(StandardCharsets.UTF_8));
				}
			}
			catch (IOException ex) {
				throw new CertificateStoreException("Unable to write the account to '" + folder + "': " + ex, ex);
			}
		}
	}

	@Override
	public Optional<CertificateBundle> loadCertificate(String certificateId) {
		Path folder = certificateFolder(certificateId);
		Optional<String> pointer = readIfPresent(folder.resolve(CURRENT_POINTER_FILE)).map(String::strip);
		if (pointer.isEmpty()) {
			return Optional.empty();
		}
		String version = pointer.get();
		if (!VERSION_NAME.matcher(version).matches()) {
			throw new CertificateStoreException("The file '" + folder.resolve(CURRENT_POINTER_FILE)
					+ "' does not name a certificate version: '" + version + "'");
		}
		Path versionFolder = folder.resolve(version);
		List<X509Certificate> chain = read(versionFolder.resolve(CHAIN_FILE), PemCodec::decodeCertificates);
		PrivateKey key = read(versionFolder.resolve(PRIVATE_KEY_FILE), PemCodec::decodePrivateKey);
		try {
			return Optional.of(new CertificateBundle(chain, key));
		}
		catch (IllegalArgumentException ex) {
			throw new CertificateStoreException("Unable to read the certificate in '" + versionFolder + "': " + ex.getMessage());
		}
	}

	@Override
	public void saveCertificate(String certificateId, CertificateBundle bundle) {
		Path folder = certificateFolder(certificateId);
		String version = VERSION_TIME.format(this.clock.instant()) + "-" + bundle.serialNumber();
		Path versionFolder = folder.resolve(version);
		synchronized (this.writeLock) {
			try {
				AtomicFiles.createFolders(versionFolder);
				AtomicFiles.write(versionFolder.resolve(PRIVATE_KEY_FILE),
						PemCodec.encodePrivateKey(bundle.privateKey()).getBytes(StandardCharsets.US_ASCII));
				AtomicFiles.write(versionFolder.resolve(CHAIN_FILE),
						PemCodec.encodeCertificates(bundle.chain()).getBytes(StandardCharsets.US_ASCII));
				AtomicFiles.syncFolder(folder);
				AtomicFiles.write(folder.resolve(CURRENT_POINTER_FILE), (version + "\n").getBytes(StandardCharsets.US_ASCII));
			}
			catch (IOException ex) {
				throw new CertificateStoreException("Unable to write the certificate to '" + versionFolder + "': " + ex, ex);
			}
			removeOldVersions(folder, version);
		}
	}

	private void removeOldVersions(Path folder, String current) {
		try (Stream<Path> entries = Files.list(folder)) {
			List<Path> old = entries.filter(Files::isDirectory)
				.filter((path) -> VERSION_NAME.matcher(path.getFileName().toString()).matches())
				.filter((path) -> !path.getFileName().toString().equals(current))
				.sorted(Comparator.comparing((Path path) -> path.getFileName().toString()).reversed())
				.skip(OLD_VERSIONS_KEPT)
				.toList();
			for (Path version : old) {
				deleteVersion(version);
			}
		}
		catch (IOException ex) {
			logger.debug("Unable to list old certificate versions in '" + folder + "'", ex);
		}
	}

	private static void deleteVersion(Path version) throws IOException {
		try (Stream<Path> files = Files.list(version)) {
			for (Path file : files.toList()) {
				Files.deleteIfExists(file);
			}
		}
		Files.deleteIfExists(version);
	}

	private Path accountFolder(String accountId) {
		return this.root.resolve("accounts").resolve(checkId(accountId));
	}

	private Path certificateFolder(String certificateId) {
		return this.root.resolve("certificates").resolve(checkId(certificateId));
	}

	private static String checkId(String id) {
		if (!SAFE_ID.matcher(id).matches() || id.startsWith(".")) {
			throw new IllegalArgumentException("Invalid storage identifier '" + id
					+ "': use 1 to 255 letters, digits, '.', '_' or '-', not starting with '.'");
		}
		return id;
	}

	private static Optional<String> readIfPresent(Path file) {
		try {
			return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new CertificateStoreException("Unable to read '" + file + "': " + ex, ex);
		}
	}

	private static <T> T read(Path file, PemDecoder<T> decoder) {
		String pem = readIfPresent(file)
			.orElseThrow(() -> new CertificateStoreException("The file '" + file + "' is missing"));
		try {
			return decoder.decode(pem);
		}
		catch (IOException ex) {
			throw new CertificateStoreException("Unable to read '" + file + "': " + ex.getMessage(), ex);
		}
	}

	private static URL toUrl(String text) {
		try {
			return new URI(text).toURL();
		}
		catch (URISyntaxException | IOException | IllegalArgumentException ex) {
			throw new CertificateStoreException("The stored account location '" + text + "' is not a URL", ex);
		}
	}

	@FunctionalInterface
	private interface PemDecoder<T> {

		T decode(String pem) throws IOException;

	}

}

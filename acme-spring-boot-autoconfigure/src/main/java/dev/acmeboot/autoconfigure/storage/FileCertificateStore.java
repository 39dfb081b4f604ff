package dev.acmeboot.autoconfigure.storage;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
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
import dev.acmeboot.autoconfigure.certificate.CertificateVerifier;

/**
 * {@link CertificateStore} that keeps PEM files in a folder:
 *
 * <pre>
 * accounts/&lt;account id&gt;/account-key.pem      account key pair (owner-only)
 * accounts/&lt;account id&gt;/account-location.txt account URL
 * certificates/&lt;certificate id&gt;/current      name of the current version folder
 * certificates/&lt;certificate id&gt;/renewal.properties  renewal record
 * certificates/&lt;certificate id&gt;/&lt;version&gt;/fullchain.pem
 * certificates/&lt;certificate id&gt;/&lt;version&gt;/privkey.pem   (owner-only)
 * </pre>
 *
 * Every file is written to a temporary file in its folder, flushed to disk and renamed.
 * Files are created readable by the owner only and folders accessible by the owner only.
 * Each certificate and its key are written to a new version folder, and the
 * {@code current} pointer is then replaced in one atomic rename. A crash before that
 * rename leaves the previous version current, and a failed save removes the new version
 * folder. The two most recent older versions are kept.
 * <p>
 * Loading warns once per path when the storage folder, one of its folders or a key file
 * is accessible to other users. Damaged content is renamed to
 * {@code <name>.damaged-<UTC time>} and reported as absent. Old versions are pruned, but
 * entries moved aside are never deleted.
 * <p>
 * All methods may be called from several threads. Saves and moves hold one lock per
 * store. Loads read without it, because every file is replaced in one rename, and take
 * it only to read damaged content again before moving it aside.
 * <p>
 * NOTE: The lock does not coordinate several stores or processes that share a folder.
 *
 * @author ACME Spring Boot contributors
 */
public class FileCertificateStore implements CertificateStore {

	private static final Log logger = LogFactory.getLog(FileCertificateStore.class);

	static final String ACCOUNTS_FOLDER = "accounts";

	static final String CERTIFICATES_FOLDER = "certificates";

	static final String ACCOUNT_KEY_FILE = "account-key.pem";

	static final String ACCOUNT_LOCATION_FILE = "account-location.txt";

	static final String CURRENT_POINTER_FILE = "current";

	static final String RENEWAL_RECORD_FILE = "renewal.properties";

	static final String CHAIN_FILE = "fullchain.pem";

	static final String PRIVATE_KEY_FILE = "privkey.pem";

	private static final String NEW_CERTIFICATE = "A new certificate will be requested from the CA.";

	private static final int OLD_VERSIONS_KEPT = 2;

	private static final int MAX_VERSION_SUFFIX = 1000;

	private static final int MAX_POINTER_SHOWN = 64;

	private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,255}");

	/**
	 * Matches version folder names: the UTC save time, the serial number in hexadecimal,
	 * and a {@code -2}, {@code -3}, ... suffix when the same certificate is saved twice
	 * within one second. Names of entries moved aside never match.
	 */
	private static final Pattern VERSION_NAME = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]+(-\\d+)?");

	private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private final Path root;

	private final Clock clock;

	private final AtomicWriter writer;

	private final Quarantine quarantine;

	private final Object writeLock = new Object();

	/**
	 * Creates a store in the given folder, which is created on the first save.
	 * @param root the storage folder
	 * @param clock the clock that names certificate versions and damaged entries
	 */
	public FileCertificateStore(Path root, Clock clock) {
		this(root, clock, AtomicFiles::write);
	}

	/**
	 * Creates a store that writes every file through the given writer, so that tests can
	 * make a write fail.
	 * @param root the storage folder
	 * @param clock the clock that names certificate versions and damaged entries
	 * @param writer writes one file atomically
	 */
	FileCertificateStore(Path root, Clock clock, AtomicWriter writer) {
		this.root = root.toAbsolutePath();
		this.clock = clock;
		this.writer = writer;
		this.quarantine = new Quarantine(clock);
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
		PermissionWarnings.checkFolder(this.root);
		PermissionWarnings.checkFolder(folder.getParent());
		PermissionWarnings.checkFolder(folder);
		PermissionWarnings.checkKeyFile(folder.resolve(ACCOUNT_KEY_FILE));
		Optional<KeyPair> keyPair = loadOrMoveAside(() -> readAccountKey(folder));
		if (keyPair.isEmpty()) {
			return Optional.empty();
		}
		URL location = loadOrMoveAside(() -> readAccountLocation(folder)).orElse(null);
		return Optional.of(new StoredAccount(keyPair.get(), location));
	}

	@Override
	public void saveAccount(String accountId, StoredAccount account) {
		Path folder = accountFolder(accountId);
		byte[] keyPem = PemCodec.encodeKeyPair(account.keyPair()).getBytes(StandardCharsets.US_ASCII);
		Path locationFile = folder.resolve(ACCOUNT_LOCATION_FILE);
		synchronized (this.writeLock) {
			try {
				AtomicFiles.createFolders(folder);
				this.writer.write(folder.resolve(ACCOUNT_KEY_FILE), keyPem);
				if (account.location() != null) {
					this.writer.write(locationFile, (account.location() + "\n").getBytes(StandardCharsets.UTF_8));
				}
				else {
					// A stored URL belongs to the replaced key and would fail to log in.
					Files.deleteIfExists(locationFile);
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
		PermissionWarnings.checkFolder(this.root);
		PermissionWarnings.checkFolder(folder.getParent());
		PermissionWarnings.checkFolder(folder);
		return loadOrMoveAside(() -> readCertificate(folder));
	}

	@Override
	public void saveCertificate(String certificateId, CertificateBundle bundle) {
		Path folder = certificateFolder(certificateId);
		String baseVersion = VERSION_TIME.format(this.clock.instant()) + "-" + bundle.serialNumber();
		byte[] keyPem = PemCodec.encodePrivateKey(bundle.privateKey()).getBytes(StandardCharsets.US_ASCII);
		byte[] chainPem = PemCodec.encodeCertificates(bundle.chain()).getBytes(StandardCharsets.US_ASCII);
		synchronized (this.writeLock) {
			String version = createVersionFolder(folder, baseVersion);
			Path versionFolder = folder.resolve(version);
			byte[] pointer = (version + "\n").getBytes(StandardCharsets.US_ASCII);
			try {
				this.writer.write(versionFolder.resolve(PRIVATE_KEY_FILE), keyPem);
				this.writer.write(versionFolder.resolve(CHAIN_FILE), chainPem);
				this.writer.write(folder.resolve(CURRENT_POINTER_FILE), pointer);
			}
			catch (IOException ex) {
				removeIncompleteVersion(versionFolder, ex);
				throw new CertificateStoreException("Unable to write the certificate to '" + versionFolder + "': " + ex
						+ ". The previous certificate, if any, stays current.", ex);
			}
			removeOldVersions(folder, version);
		}
	}

	@Override
	public Optional<RenewalRecord> loadRenewalRecord(String certificateId) {
		Path file = certificateFolder(certificateId).resolve(RENEWAL_RECORD_FILE);
		return loadOrMoveAside(() -> readRenewalRecord(file));
	}

	@Override
	public void saveRenewalRecord(String certificateId, RenewalRecord record) {
		Path folder = certificateFolder(certificateId);
		Path file = folder.resolve(RENEWAL_RECORD_FILE);
		byte[] content = RenewalRecordProperties.encode(record);
		synchronized (this.writeLock) {
			try {
				AtomicFiles.createFolders(folder);
				this.writer.write(file, content);
			}
			catch (IOException ex) {
				throw new CertificateStoreException("Unable to write the renewal record '" + file + "': " + ex, ex);
			}
		}
	}

	/**
	 * Reads an entry, and moves it aside if it is damaged. The read is repeated under
	 * the write lock before anything moves, because a concurrent save may have replaced
	 * or pruned the files that the first read saw.
	 */
	private <T> Optional<T> loadOrMoveAside(EntryReader<T> reader) {
		try {
			return reader.read();
		}
		catch (DamagedEntryException ex) {
			synchronized (this.writeLock) {
				try {
					return reader.read();
				}
				catch (DamagedEntryException confirmed) {
					this.quarantine.moveAside(confirmed);
					return Optional.empty();
				}
			}
		}
	}

	private Optional<KeyPair> readAccountKey(Path folder) throws DamagedEntryException {
		Path keyFile = folder.resolve(ACCOUNT_KEY_FILE);
		Optional<String> pem = readIfPresent(keyFile);
		if (pem.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(PemCodec.decodeKeyPair(pem.get()));
		}
		catch (IOException ex) {
			// The stored URL belongs to the damaged key, so it moves aside with it.
			throw new DamagedEntryException("the account key '" + keyFile + "' is invalid: " + ex.getMessage(),
					List.of(keyFile, folder.resolve(ACCOUNT_LOCATION_FILE)),
					"A new account key will be created and registered with the CA.");
		}
	}

	private Optional<URL> readAccountLocation(Path folder) throws DamagedEntryException {
		Path file = folder.resolve(ACCOUNT_LOCATION_FILE);
		Optional<String> text = readIfPresent(file).map(FileCertificateStore::stripText)
			.filter((value) -> !value.isEmpty());
		if (text.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(new URI(text.get()).toURL());
		}
		catch (URISyntaxException | IOException | IllegalArgumentException ex) {
			throw new DamagedEntryException("the account location '" + file + "' is not a URL: " + ex.getMessage(),
					List.of(file), "The account URL will be requested from the CA again.");
		}
	}

	private Optional<CertificateBundle> readCertificate(Path folder) throws DamagedEntryException {
		Path pointerFile = folder.resolve(CURRENT_POINTER_FILE);
		Optional<String> pointer = readIfPresent(pointerFile);
		if (pointer.isEmpty()) {
			return Optional.empty();
		}

		String version = stripText(pointer.get());
		if (!VERSION_NAME.matcher(version).matches()) {
			throw new DamagedEntryException("the pointer '" + pointerFile + "' does not contain a version folder name ("
					+ describePointer(version) + ")", List.of(pointerFile), NEW_CERTIFICATE);
		}
		Path versionFolder = folder.resolve(version);
		if (!Files.isDirectory(versionFolder)) {
			throw new DamagedEntryException("the pointer '" + pointerFile + "' names the version folder '" + version
					+ "', which is missing or not a folder", List.of(pointerFile), NEW_CERTIFICATE);
		}

		Path chainFile = versionFolder.resolve(CHAIN_FILE);
		Path keyFile = versionFolder.resolve(PRIVATE_KEY_FILE);
		PermissionWarnings.checkFolder(versionFolder);
		PermissionWarnings.checkKeyFile(keyFile);

		// The pointer moves aside with its version, so that the next load does not report
		// the same damage again as a missing version.
		List<Path> damaged = List.of(versionFolder, pointerFile);
		List<X509Certificate> chain = decode(chainFile, PemCodec::decodeCertificates, damaged);
		PrivateKey key = decode(keyFile, PemCodec::decodePrivateKey, damaged);
		CertificateBundle bundle = new CertificateBundle(chain, key);
		if (!CertificateVerifier.keyMatches(bundle)) {
			throw new DamagedEntryException("the private key in '" + keyFile
					+ "' does not match the leaf certificate in '" + chainFile + "'", damaged, NEW_CERTIFICATE);
		}
		return Optional.of(bundle);
	}

	private static <T> T decode(Path file, PemDecoder<T> decoder, List<Path> damaged) throws DamagedEntryException {
		Optional<String> pem = readIfPresent(file);
		if (pem.isEmpty()) {
			throw new DamagedEntryException("the file '" + file + "' is missing", damaged, NEW_CERTIFICATE);
		}
		if (pem.get().isBlank()) {
			throw new DamagedEntryException("the file '" + file + "' is empty", damaged, NEW_CERTIFICATE);
		}
		try {
			return decoder.decode(pem.get());
		}
		catch (IOException ex) {
			throw new DamagedEntryException("the file '" + file + "' is invalid: " + ex.getMessage(), damaged,
					NEW_CERTIFICATE);
		}
	}

	private static Optional<RenewalRecord> readRenewalRecord(Path file) throws DamagedEntryException {
		Optional<byte[]> content = readBytesIfPresent(file);
		if (content.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(RenewalRecordProperties.decode(content.get()));
		}
		catch (IOException ex) {
			throw new DamagedEntryException("the renewal record '" + file + "' is invalid: " + ex.getMessage(),
					List.of(file), "The renewal back-off starts over.");
		}
	}

	/**
	 * Creates a new version folder and returns its name, adding a suffix when the name
	 * is taken: by the same certificate saved within the same second, or by an
	 * incomplete folder that a crash left behind.
	 */
	private String createVersionFolder(Path folder, String baseVersion) {
		try {
			AtomicFiles.createFolders(folder);
		}
		catch (IOException ex) {
			throw new CertificateStoreException("Unable to create the folder '" + folder + "': " + ex, ex);
		}
		for (int suffix = 1; suffix <= MAX_VERSION_SUFFIX; suffix++) {
			String version = (suffix == 1) ? baseVersion : baseVersion + "-" + suffix;
			Path versionFolder = folder.resolve(version);
			try {
				AtomicFiles.createFolder(versionFolder);
				return version;
			}
			catch (FileAlreadyExistsException ex) {
				// Try the next suffix.
			}
			catch (IOException ex) {
				throw new CertificateStoreException("Unable to create the folder '" + versionFolder + "': " + ex, ex);
			}
		}
		throw new CertificateStoreException("Unable to create a version folder in '" + folder + "': all "
				+ MAX_VERSION_SUFFIX + " names starting with '" + baseVersion + "' are taken");
	}

	private static void removeIncompleteVersion(Path versionFolder, IOException failure) {
		try {
			deleteVersion(versionFolder);
		}
		catch (IOException ex) {
			failure.addSuppressed(ex);
			logger.warn("Unable to remove the incomplete certificate version '" + versionFolder + "': " + ex
					+ ". It is pruned with the old versions after later saves.");
		}
	}

	private void removeOldVersions(Path folder, String current) {
		// Only names that match VERSION_NAME are pruned, so entries moved aside stay.
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
			logger.warn("Unable to remove old certificate versions in '" + folder + "': " + ex);
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
		return this.root.resolve(ACCOUNTS_FOLDER).resolve(checkId(accountId));
	}

	private Path certificateFolder(String certificateId) {
		return this.root.resolve(CERTIFICATES_FOLDER).resolve(checkId(certificateId));
	}

	private static String checkId(String id) {
		if (!SAFE_ID.matcher(id).matches() || id.startsWith(".")) {
			throw new IllegalArgumentException("Invalid storage identifier '" + id
					+ "': use 1 to 255 letters, digits, '.', '_' or '-', not starting with '.'");
		}
		return id;
	}

	/**
	 * Removes surrounding white space and a byte order mark, which editors on some
	 * platforms add to the one-line files.
	 */
	private static String stripText(String text) {
		String stripped = text.strip();
		return stripped.startsWith("\uFEFF") ? stripped.substring(1).strip() : stripped;
	}

	private static String describePointer(String version) {
		if (version.isEmpty()) {
			return "the file is empty";
		}
		if (version.length() <= MAX_POINTER_SHOWN && version.chars().allMatch((c) -> c >= 0x20 && c < 0x7f)) {
			return "found '" + version + "'";
		}
		return "found " + version.length() + " characters";
	}

	/**
	 * Reads a text file, replacing bytes that are not UTF-8, so that a binary file is
	 * reported as invalid content rather than as a read failure.
	 */
	private static Optional<String> readIfPresent(Path file) {
		return readBytesIfPresent(file).map((content) -> new String(content, StandardCharsets.UTF_8));
	}

	private static Optional<byte[]> readBytesIfPresent(Path file) {
		try {
			return Optional.of(Files.readAllBytes(file));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new CertificateStoreException("Unable to read '" + file + "': " + ex, ex);
		}
	}

	/**
	 * Writes one file so that it is either replaced completely or left unchanged.
	 */
	@FunctionalInterface
	interface AtomicWriter {

		void write(Path target, byte[] content) throws IOException;

	}

	@FunctionalInterface
	private interface EntryReader<T> {

		Optional<T> read() throws DamagedEntryException;

	}

	@FunctionalInterface
	private interface PemDecoder<T> {

		T decode(String pem) throws IOException;

	}

}

package dev.acmeboot.autoconfigure.storage;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.certificate.KeyType;
import dev.acmeboot.autoconfigure.certificate.SelfSignedCertificateFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link FileCertificateStore}.
 */
class FileCertificateStoreTests {

	private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

	private static final String ACCOUNT_ID = "127.0.0.1_14000_dir";

	private static final String CERTIFICATE_ID = "app.example.com";

	private static final List<String> NAMES = List.of("app.example.com", "www.example.com");

	private final SelfSignedCertificateFactory certificates = new SelfSignedCertificateFactory(clock(NOW));

	@TempDir
	Path root;

	@Test
	void accountRoundTrips() throws Exception {
		KeyPair keyPair = KeyType.EC_P256.generateKeyPair();
		URL location = new URI("https://127.0.0.1:14000/my-account/1").toURL();
		store(NOW).saveAccount(ACCOUNT_ID, new StoredAccount(keyPair, location));
		StoredAccount loaded = store(NOW).loadAccount(ACCOUNT_ID).orElseThrow();
		assertThat(loaded.keyPair().getPublic().getEncoded()).isEqualTo(keyPair.getPublic().getEncoded());
		assertThat(loaded.keyPair().getPrivate().getEncoded()).isEqualTo(keyPair.getPrivate().getEncoded());
		assertThat(loaded.location()).hasToString(location.toString());
	}

	@Test
	void accountWithoutLocationRoundTrips() {
		KeyPair keyPair = KeyType.EC_P256.generateKeyPair();
		store(NOW).saveAccount(ACCOUNT_ID, new StoredAccount(keyPair, null));
		StoredAccount loaded = store(NOW).loadAccount(ACCOUNT_ID).orElseThrow();
		assertThat(loaded.keyPair().getPublic().getEncoded()).isEqualTo(keyPair.getPublic().getEncoded());
		assertThat(loaded.location()).isNull();
	}

	@Test
	void rsaAccountRoundTrips() {
		KeyPair keyPair = KeyType.RSA_2048.generateKeyPair();
		store(NOW).saveAccount(ACCOUNT_ID, new StoredAccount(keyPair, null));
		StoredAccount loaded = store(NOW).loadAccount(ACCOUNT_ID).orElseThrow();
		assertThat(loaded.keyPair().getPublic().getEncoded()).isEqualTo(keyPair.getPublic().getEncoded());
	}

	@Test
	void saveAccountReplacesKey() {
		FileCertificateStore store = store(NOW);
		store.saveAccount(ACCOUNT_ID, new StoredAccount(KeyType.EC_P256.generateKeyPair(), null));
		KeyPair replacement = KeyType.EC_P256.generateKeyPair();
		store.saveAccount(ACCOUNT_ID, new StoredAccount(replacement, null));
		assertThat(store.loadAccount(ACCOUNT_ID).orElseThrow().keyPair().getPublic().getEncoded())
			.isEqualTo(replacement.getPublic().getEncoded());
	}

	@Test
	void saveAccountWithoutLocationRemovesPreviousLocation() throws Exception {
		FileCertificateStore store = store(NOW);
		URL location = new URI("https://127.0.0.1:14000/my-account/1").toURL();
		store.saveAccount(ACCOUNT_ID, new StoredAccount(KeyType.EC_P256.generateKeyPair(), location));
		store.saveAccount(ACCOUNT_ID, new StoredAccount(KeyType.EC_P256.generateKeyPair(), null));
		assertThat(store.loadAccount(ACCOUNT_ID).orElseThrow().location()).isNull();
	}

	@Test
	void loadAccountIsEmptyWhenNothingSaved() {
		assertThat(store(NOW).loadAccount(ACCOUNT_ID)).isEmpty();
	}

	@Test
	void loadAccountTreatsBlankLocationAsMissing() throws IOException {
		FileCertificateStore store = store(NOW);
		store.saveAccount(ACCOUNT_ID, new StoredAccount(KeyType.EC_P256.generateKeyPair(), null));
		Files.writeString(accountFolder().resolve("account-location.txt"), " \n");
		assertThat(store.loadAccount(ACCOUNT_ID).orElseThrow().location()).isNull();
	}

	@Test
	void certificateRoundTrips() {
		CertificateBundle bundle = this.certificates.create(NAMES);
		store(NOW).saveCertificate(CERTIFICATE_ID, bundle);
		CertificateBundle loaded = store(NOW).loadCertificate(CERTIFICATE_ID).orElseThrow();
		assertThat(loaded.chain()).containsExactlyElementsOf(bundle.chain());
		assertThat(loaded.privateKey().getEncoded()).isEqualTo(bundle.privateKey().getEncoded());
	}

	@Test
	void certificateChainRoundTripsInOrder() {
		CertificateBundle leaf = this.certificates.create(NAMES);
		CertificateBundle issuer = this.certificates.create(List.of("issuer.example.com"));
		CertificateBundle bundle = new CertificateBundle(List.of(leaf.leaf(), issuer.leaf()), leaf.privateKey());
		store(NOW).saveCertificate(CERTIFICATE_ID, bundle);
		assertThat(store(NOW).loadCertificate(CERTIFICATE_ID).orElseThrow().chain())
			.containsExactly(leaf.leaf(), issuer.leaf());
	}

	@Test
	void loadCertificateIsEmptyWhenNothingSaved() {
		assertThat(store(NOW).loadCertificate(CERTIFICATE_ID)).isEmpty();
	}

	@Test
	void loadCertificateIsEmptyForOtherId() {
		store(NOW).saveCertificate(CERTIFICATE_ID, this.certificates.create(NAMES));
		assertThat(store(NOW).loadCertificate("other.example.com")).isEmpty();
	}

	@Test
	void saveCertificateCreatesMissingRoot() {
		FileCertificateStore store = new FileCertificateStore(this.root.resolve("nested/store"), clock(NOW));
		store.saveCertificate(CERTIFICATE_ID, this.certificates.create(NAMES));
		assertThat(store.loadCertificate(CERTIFICATE_ID)).isPresent();
	}

	@Test
	void getRootIsAbsolute() {
		FileCertificateStore store = new FileCertificateStore(Path.of("relative-store"), clock(NOW));
		assertThat(store.getRoot()).isAbsolute();
	}

	@Test
	void saveCertificateSwitchesCurrentVersion() {
		CertificateBundle first = this.certificates.create(NAMES);
		CertificateBundle second = this.certificates.create(NAMES);
		store(NOW).saveCertificate(CERTIFICATE_ID, first);
		store(NOW.plusSeconds(60)).saveCertificate(CERTIFICATE_ID, second);
		assertThat(store(NOW).loadCertificate(CERTIFICATE_ID).orElseThrow().serialNumber())
			.isEqualTo(second.serialNumber());
	}

	@Test
	void currentPointerNamesNewestVersionFolder() throws IOException {
		CertificateBundle bundle = this.certificates.create(NAMES);
		store(NOW).saveCertificate(CERTIFICATE_ID, bundle);
		String pointer = Files.readString(certificateFolder().resolve("current")).strip();
		assertThat(pointer).isEqualTo("20250601T120000Z-" + bundle.serialNumber());
	}

	@Test
	void loadCertificateFollowsCurrentPointer() throws IOException {
		CertificateBundle first = this.certificates.create(NAMES);
		CertificateBundle second = this.certificates.create(NAMES);
		store(NOW).saveCertificate(CERTIFICATE_ID, first);
		String firstVersion = Files.readString(certificateFolder().resolve("current"));
		store(NOW.plusSeconds(60)).saveCertificate(CERTIFICATE_ID, second);
		Files.writeString(certificateFolder().resolve("current"), firstVersion);
		assertThat(store(NOW).loadCertificate(CERTIFICATE_ID).orElseThrow().serialNumber())
			.isEqualTo(first.serialNumber());
	}

	@Test
	void versionWrittenWithoutPointerSwitchIsIgnored() throws IOException {
		CertificateBundle saved = this.certificates.create(NAMES);
		store(NOW).saveCertificate(CERTIFICATE_ID, saved);
		CertificateBundle unfinished = this.certificates.create(NAMES);
		Path version = Files
			.createDirectory(certificateFolder().resolve("20250601T130000Z-" + unfinished.serialNumber()));
		Files.writeString(version.resolve("privkey.pem"), PemCodec.encodePrivateKey(unfinished.privateKey()));
		Files.writeString(version.resolve("fullchain.pem"), PemCodec.encodeCertificates(unfinished.chain()));
		CertificateBundle loaded = store(NOW).loadCertificate(CERTIFICATE_ID).orElseThrow();
		assertThat(loaded.serialNumber()).isEqualTo(saved.serialNumber());
		assertThat(loaded.privateKey().getEncoded()).isEqualTo(saved.privateKey().getEncoded());
	}

	@Test
	void leftoverTemporaryFileIsIgnored() throws IOException {
		CertificateBundle saved = this.certificates.create(NAMES);
		store(NOW).saveCertificate(CERTIFICATE_ID, saved);
		Files.writeString(certificateFolder().resolve(".current12345.tmp"), "20250601T1300");
		assertThat(store(NOW).loadCertificate(CERTIFICATE_ID).orElseThrow().serialNumber())
			.isEqualTo(saved.serialNumber());
	}

	@Test
	void saveCertificateKeepsTwoOlderVersions() throws IOException {
		List<String> versions = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			CertificateBundle bundle = this.certificates.create(NAMES);
			store(NOW.plus(Duration.ofDays(i))).saveCertificate(CERTIFICATE_ID, bundle);
			versions.add(Files.readString(certificateFolder().resolve("current")).strip());
		}
		assertThat(versionFolders()).containsExactlyInAnyOrder(versions.get(2), versions.get(3), versions.get(4));
	}

	@Test
	void pruningKeepsCurrentVersion() throws IOException {
		for (int i = 0; i < 4; i++) {
			store(NOW.plus(Duration.ofDays(i))).saveCertificate(CERTIFICATE_ID, this.certificates.create(NAMES));
		}
		CertificateBundle current = this.certificates.create(NAMES);
		store(NOW.minus(Duration.ofDays(1))).saveCertificate(CERTIFICATE_ID, current);
		assertThat(store(NOW).loadCertificate(CERTIFICATE_ID).orElseThrow().serialNumber())
			.isEqualTo(current.serialNumber());
	}

	@Test
	void pruningLeavesOtherFolders() throws IOException {
		store(NOW).saveCertificate(CERTIFICATE_ID, this.certificates.create(NAMES));
		Path backup = Files.createDirectory(certificateFolder().resolve("backup"));
		for (int i = 1; i < 5; i++) {
			store(NOW.plus(Duration.ofDays(i))).saveCertificate(CERTIFICATE_ID, this.certificates.create(NAMES));
		}
		assertThat(backup).isDirectory();
	}

	@Test
	void concurrentSavesKeepEachKeyWithItsCertificate() throws Exception {
		FileCertificateStore store = store(NOW);
		Map<String, CertificateBundle> saved = new ConcurrentHashMap<>();
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> saves = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				saves.add(executor.submit(() -> {
					CertificateBundle bundle = this.certificates.create(NAMES);
					saved.put(bundle.serialNumber(), bundle);
					store.saveCertificate(CERTIFICATE_ID, bundle);
				}));
			}
			for (Future<?> save : saves) {
				save.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
		CertificateBundle loaded = store.loadCertificate(CERTIFICATE_ID).orElseThrow();
		assertThat(saved).containsKey(loaded.serialNumber());
		assertThat(loaded.privateKey().getEncoded())
			.isEqualTo(saved.get(loaded.serialNumber()).privateKey().getEncoded());
	}

	@ParameterizedTest
	@ValueSource(strings = { "../x", "", ".hidden", "..", "a/b", "a\\b" })
	void loadCertificateRejectsInvalidId(String id) {
		assertThatIllegalArgumentException().isThrownBy(() -> store(NOW).loadCertificate(id))
			.withMessageContaining("Invalid storage identifier");
	}

	@ParameterizedTest
	@ValueSource(strings = { "../x", "", ".hidden", "..", "a/b", "a\\b" })
	void saveCertificateRejectsInvalidId(String id) throws IOException {
		CertificateBundle bundle = this.certificates.create(NAMES);
		assertThatIllegalArgumentException().isThrownBy(() -> store(NOW).saveCertificate(id, bundle))
			.withMessageContaining("Invalid storage identifier");
		try (Stream<Path> entries = Files.list(this.root)) {
			assertThat(entries).isEmpty();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "../x", "", ".hidden", "..", "a/b", "a\\b" })
	void loadAccountRejectsInvalidId(String id) {
		assertThatIllegalArgumentException().isThrownBy(() -> store(NOW).loadAccount(id))
			.withMessageContaining("Invalid storage identifier");
	}

	@ParameterizedTest
	@ValueSource(strings = { "../x", "", ".hidden", "..", "a/b", "a\\b" })
	void saveAccountRejectsInvalidId(String id) throws IOException {
		StoredAccount account = new StoredAccount(KeyType.EC_P256.generateKeyPair(), null);
		assertThatIllegalArgumentException().isThrownBy(() -> store(NOW).saveAccount(id, account))
			.withMessageContaining("Invalid storage identifier");
		try (Stream<Path> entries = Files.list(this.root)) {
			assertThat(entries).isEmpty();
		}
	}

	@Test
	void wildcardCertificateIdIsAccepted() {
		store(NOW).saveCertificate("_wildcard.example.com", this.certificates.create(List.of("*.example.com")));
		assertThat(store(NOW).loadCertificate("_wildcard.example.com")).isPresent();
	}

	private FileCertificateStore store(Instant now) {
		return new FileCertificateStore(this.root, clock(now));
	}

	private Path accountFolder() {
		return this.root.resolve("accounts").resolve(ACCOUNT_ID);
	}

	private Path certificateFolder() {
		return this.root.resolve("certificates").resolve(CERTIFICATE_ID);
	}

	private Path currentVersionFolder() throws IOException {
		return certificateFolder().resolve(Files.readString(certificateFolder().resolve("current")).strip());
	}

	private List<String> versionFolders() throws IOException {
		try (Stream<Path> entries = Files.list(certificateFolder())) {
			return entries.filter(Files::isDirectory).map((path) -> path.getFileName().toString()).toList();
		}
	}

	private static Clock clock(Instant now) {
		return Clock.fixed(now, ZoneOffset.UTC);
	}

}

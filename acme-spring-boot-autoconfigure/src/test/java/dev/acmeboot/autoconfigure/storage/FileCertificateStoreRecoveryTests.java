package dev.acmeboot.autoconfigure.storage;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.certificate.CertificateVerifier;
import dev.acmeboot.autoconfigure.certificate.KeyType;

import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.ACCOUNT_ID;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.CERTIFICATE_ID;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.DAMAGED_SUFFIX;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.NOW;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.accountFolder;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.certificateFolder;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.clock;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.currentVersionFolder;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.entryNames;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.newBundle;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for how {@link FileCertificateStore} moves damaged accounts and certificates
 * aside and reports them as absent.
 */
@ExtendWith(OutputCaptureExtension.class)
class FileCertificateStoreRecoveryTests {

	@TempDir
	Path root;

	@Test
	void emptyChainIsMovedAside() throws IOException {
		Path version = saveAndDamage("fullchain.pem", "");
		assertThat(store(this.root).loadCertificate(CERTIFICATE_ID)).isEmpty();
		assertThat(version).doesNotExist();
		assertThat(damaged(version).resolve("fullchain.pem")).isEmptyFile();
		assertThat(damaged(version).resolve("privkey.pem")).isNotEmptyFile();
	}

	@Test
	void truncatedChainIsMovedAside() throws IOException {
		store(this.root).saveCertificate(CERTIFICATE_ID, newBundle());
		Path version = currentVersionFolder(this.root);
		String chain = Files.readString(version.resolve("fullchain.pem"));
		String truncated = chain.substring(0, chain.length() / 2);
		Files.writeString(version.resolve("fullchain.pem"), truncated);
		assertThat(store(this.root).loadCertificate(CERTIFICATE_ID)).isEmpty();
		assertThat(version).doesNotExist();
		assertThat(damaged(version).resolve("fullchain.pem")).hasContent(truncated);
	}

	@Test
	void chainWithoutEndLineIsMovedAside() throws IOException {
		store(this.root).saveCertificate(CERTIFICATE_ID, newBundle());
		Path version = currentVersionFolder(this.root);
		String chain = Files.readString(version.resolve("fullchain.pem"));
		String truncated = chain.substring(0, chain.indexOf("-----END"));
		Files.writeString(version.resolve("fullchain.pem"), truncated);
		assertThat(store(this.root).loadCertificate(CERTIFICATE_ID)).isEmpty();
		assertThat(damaged(version).resolve("fullchain.pem")).hasContent(truncated);
	}

	@Test
	void garbageKeyIsMovedAside() throws IOException {
		Path version = saveAndDamage("privkey.pem", "this is not a private key\n");
		assertThat(store(this.root).loadCertificate(CERTIFICATE_ID)).isEmpty();
		assertThat(version).doesNotExist();
		assertThat(damaged(version).resolve("privkey.pem")).hasContent("this is not a private key\n");
	}

	@Test
	void binaryKeyIsMovedAside() throws IOException {
		store(this.root).saveCertificate(CERTIFICATE_ID, newBundle());
		Path version = currentVersionFolder(this.root);
		byte[] binary = { (byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3, 0x28 };
		Files.write(version.resolve("privkey.pem"), binary);
		assertThat(store(this.root).loadCertificate(CERTIFICATE_ID)).isEmpty();
		assertThat(damaged(version).resolve("privkey.pem")).hasBinaryContent(binary);
	}

	@Test
	void keyOfAnotherCertificateIsMovedAside() throws IOException {
		String otherKey = PemCodec.encodePrivateKey(newBundle().privateKey());
		Path version = saveAndDamage("privkey.pem", otherKey);
		assertThat(store(this.root).loadCertificate(CERTIFICATE_ID)).isEmpty();
		assertThat(version).doesNotExist();
		assertThat(damaged(version).resolve("privkey.pem")).hasContent(otherKey);
	}

	@Test
	void rsaKeyForEcCertificateIsMovedAside() throws IOException {
		String rsaKey = PemCodec.encodePrivateKey(KeyType.RSA_2048.generateKeyPair().getPrivate());
		Path version = saveAndDamage("privkey.pem", rsaKey);
		assertThat(store(this.root).loadCertificate(CERTIFICATE_ID)).isEmpty();
		assertThat(damaged(version).resolve("privkey.pem")).hasContent(rsaKey);
	}

	@Test
	void missingPrivateKeyIsMovedAside() throws IOException {
		store(this.root).saveCertificate(CERTIFICATE_ID, newBundle());
		Path version = currentVersionFolder(this.root);
		String chain = Files.readString(version.resolve("fullchain.pem"));
		Files.delete(version.resolve("privkey.pem"));
		assertThat(store(this.root).loadCertificate(CERTIFICATE_ID)).isEmpty();
		assertThat(version).doesNotExist();
		assertThat(damaged(version).resolve("fullchain.pem")).hasContent(chain);
		assertThat(damaged(version).resolve("privkey.pem")).doesNotExist();
	}

	@Test
	void missingChainIsMovedAside() throws IOException {
		store(this.root).saveCertificate(CERTIFICATE_ID, newBundle());
		Path version = currentVersionFolder(this.root);
		String key = Files.readString(version.resolve("privkey.pem"));
		Files.delete(version.resolve("fullchain.pem"));
		assertThat(store(this.root).loadCertificate(CERTIFICATE_ID)).isEmpty();
		assertThat(damaged(version).resolve("privkey.pem")).hasContent(key);
	}

	@Test
	void damagedVersionTakesPointerAlong() throws IOException {
		Path version = saveAndDamage("fullchain.pem", "");
		Path pointer = certificateFolder(this.root).resolve("current");
		assertThat(store(this.root).loadCertificate(CERTIFICATE_ID)).isEmpty();
		assertThat(pointer).doesNotExist();
		assertThat(damaged(pointer)).hasContent(version.getFileName() + "\n");
	}

	@Test
	void pointerToMissingVersionIsMovedAside() throws IOException {
		store(this.root).saveCertificate(CERTIFICATE_ID, newBundle());
		Path pointer = certificateFolder(this.root).resolve("current");
		Files.writeString(pointer, "20240101T000000Z-ff\n");
		assertThat(store(this.root).loadCertificate(CERTIFICATE_ID)).isEmpty();
		assertThat(pointer).doesNotExist();
		assertThat(damaged(pointer)).hasContent("20240101T000000Z-ff\n");
	}

	@Test
	void pointerToRegularFileIsMovedAside() throws IOException {
		store(this.root).saveCertificate(CERTIFICATE_ID, newBundle());
		Path pointer = certificateFolder(this.root).resolve("current");
		Files.writeString(certificateFolder(this.root).resolve("20240101T000000Z-ff"), "not a folder");
		Files.writeString(pointer, "20240101T000000Z-ff\n");
		assertThat(store(this.root).loadCertificate(CERTIFICATE_ID)).isEmpty();
		assertThat(damaged(pointer)).hasContent("20240101T000000Z-ff\n");
		assertThat(certificateFolder(this.root).resolve("20240101T000000Z-ff")).hasContent("not a folder");
	}

	@Test
	void malformedPointerIsMovedAside() throws IOException {
		store(this.root).saveCertificate(CERTIFICATE_ID, newBundle());
		Path version = currentVersionFolder(this.root);
		Path pointer = certificateFolder(this.root).resolve("current");
		Files.writeString(pointer, "../../accounts\n");
		assertThat(store(this.root).loadCertificate(CERTIFICATE_ID)).isEmpty();
		assertThat(pointer).doesNotExist();
		assertThat(damaged(pointer)).hasContent("../../accounts\n");
		assertThat(version).isDirectory();
	}

	@Test
	void emptyPointerIsMovedAside() throws IOException {
		store(this.root).saveCertificate(CERTIFICATE_ID, newBundle());
		Path pointer = certificateFolder(this.root).resolve("current");
		Files.writeString(pointer, "");
		assertThat(store(this.root).loadCertificate(CERTIFICATE_ID)).isEmpty();
		assertThat(pointer).doesNotExist();
		assertThat(damaged(pointer)).isEmptyFile();
	}

	@Test
	void damageIsLoggedOnce(CapturedOutput output) throws IOException {
		Path version = saveAndDamage("privkey.pem", "this is not a private key\n");
		FileCertificateStore store = store(this.root);
		store.loadCertificate(CERTIFICATE_ID);
		store.loadCertificate(CERTIFICATE_ID);
		assertThat(output).containsOnlyOnce("Moved damaged storage entries aside");
		assertThat(output).contains(version.resolve("privkey.pem").toString());
		assertThat(output).contains("Expected one private key but found 0 PEM blocks");
		assertThat(output).contains("'" + version + "' to '" + version.getFileName() + DAMAGED_SUFFIX + "'");
		assertThat(output).contains("A new certificate will be requested from the CA.");
	}

	@Test
	void keyMismatchIsLogged(CapturedOutput output) throws IOException {
		Path version = saveAndDamage("privkey.pem", PemCodec.encodePrivateKey(newBundle().privateKey()));
		store(this.root).loadCertificate(CERTIFICATE_ID);
		assertThat(output).contains("the private key in '" + version.resolve("privkey.pem")
				+ "' does not match the leaf certificate");
	}

	@Test
	void loadAfterRecoveryIsEmpty() throws IOException {
		saveAndDamage("fullchain.pem", "");
		FileCertificateStore store = store(this.root);
		store.loadCertificate(CERTIFICATE_ID);
		assertThat(store.loadCertificate(CERTIFICATE_ID)).isEmpty();
	}

	@Test
	void saveAfterRecoveryBecomesCurrent() throws IOException {
		saveAndDamage("fullchain.pem", "");
		FileCertificateStore store = store(this.root);
		store.loadCertificate(CERTIFICATE_ID);
		CertificateBundle replacement = newBundle();
		store.saveCertificate(CERTIFICATE_ID, replacement);
		assertThat(store.loadCertificate(CERTIFICATE_ID).orElseThrow().serialNumber())
			.isEqualTo(replacement.serialNumber());
	}

	@Test
	void repeatedDamageGetsNumberedName() throws IOException {
		Path pointer = certificateFolder(this.root).resolve("current");
		FileCertificateStore store = store(this.root);
		store.saveCertificate(CERTIFICATE_ID, newBundle());
		Files.writeString(pointer, "first\n");
		store.loadCertificate(CERTIFICATE_ID);
		Files.writeString(pointer, "second\n");
		store.loadCertificate(CERTIFICATE_ID);
		assertThat(damaged(pointer)).hasContent("first\n");
		assertThat(pointer.resolveSibling("current" + DAMAGED_SUFFIX + "-2")).hasContent("second\n");
	}

	@Test
	void pruningKeepsDamagedEntries() throws IOException {
		Path version = saveAndDamage("fullchain.pem", "");
		store(this.root).loadCertificate(CERTIFICATE_ID);
		for (int day = 1; day <= 4; day++) {
			FileCertificateStore later = new FileCertificateStore(this.root, clock(NOW.plus(Duration.ofDays(day))));
			later.saveCertificate(CERTIFICATE_ID, newBundle());
		}
		assertThat(damaged(version)).isDirectory();
		assertThat(damaged(certificateFolder(this.root).resolve("current"))).isRegularFile();
	}

	@Test
	void readFailureIsNotDamage() throws IOException {
		store(this.root).saveCertificate(CERTIFICATE_ID, newBundle());
		Path version = currentVersionFolder(this.root);
		Files.delete(version.resolve("privkey.pem"));
		Files.createDirectory(version.resolve("privkey.pem"));
		assertThatExceptionOfType(CertificateStoreException.class)
			.isThrownBy(() -> store(this.root).loadCertificate(CERTIFICATE_ID))
			.withMessageContaining(version.resolve("privkey.pem").toString());
		assertThat(version).isDirectory();
	}

	@Test
	void corruptAccountKeyIsMovedAside() throws Exception {
		URL location = new URI("https://127.0.0.1:14000/my-account/1").toURL();
		store(this.root).saveAccount(ACCOUNT_ID, new StoredAccount(KeyType.EC_P256.generateKeyPair(), location));
		Path keyFile = accountFolder(this.root).resolve("account-key.pem");
		String key = Files.readString(keyFile);
		String truncated = key.substring(0, key.length() / 2);
		Files.writeString(keyFile, truncated);
		assertThat(store(this.root).loadAccount(ACCOUNT_ID)).isEmpty();
		assertThat(keyFile).doesNotExist();
		assertThat(damaged(keyFile)).hasContent(truncated);
	}

	@Test
	void corruptAccountKeyTakesLocationAlong() throws Exception {
		URL location = new URI("https://127.0.0.1:14000/my-account/1").toURL();
		store(this.root).saveAccount(ACCOUNT_ID, new StoredAccount(KeyType.EC_P256.generateKeyPair(), location));
		Files.writeString(accountFolder(this.root).resolve("account-key.pem"), "");
		Path locationFile = accountFolder(this.root).resolve("account-location.txt");
		assertThat(store(this.root).loadAccount(ACCOUNT_ID)).isEmpty();
		assertThat(locationFile).doesNotExist();
		assertThat(damaged(locationFile)).hasContent(location + "\n");
	}

	@Test
	void corruptAccountKeyIsLogged(CapturedOutput output) throws IOException {
		store(this.root).saveAccount(ACCOUNT_ID, new StoredAccount(KeyType.EC_P256.generateKeyPair(), null));
		Path keyFile = accountFolder(this.root).resolve("account-key.pem");
		Files.writeString(keyFile, "garbage");
		store(this.root).loadAccount(ACCOUNT_ID);
		assertThat(output).containsOnlyOnce("Moved damaged storage entries aside");
		assertThat(output).contains("the account key '" + keyFile + "' is invalid");
		assertThat(output).contains("A new account key will be created");
	}

	@Test
	void saveAfterAccountRecoveryIsLoaded() throws IOException {
		FileCertificateStore store = store(this.root);
		store.saveAccount(ACCOUNT_ID, new StoredAccount(KeyType.EC_P256.generateKeyPair(), null));
		Files.writeString(accountFolder(this.root).resolve("account-key.pem"), "garbage");
		store.loadAccount(ACCOUNT_ID);
		StoredAccount replacement = new StoredAccount(KeyType.EC_P256.generateKeyPair(), null);
		store.saveAccount(ACCOUNT_ID, replacement);
		assertThat(store.loadAccount(ACCOUNT_ID).orElseThrow().keyPair().getPublic().getEncoded())
			.isEqualTo(replacement.keyPair().getPublic().getEncoded());
	}

	@Test
	void invalidAccountLocationIsMovedAside() throws IOException {
		StoredAccount account = new StoredAccount(KeyType.EC_P256.generateKeyPair(), null);
		store(this.root).saveAccount(ACCOUNT_ID, account);
		Path locationFile = accountFolder(this.root).resolve("account-location.txt");
		Files.writeString(locationFile, "not a url\n");
		StoredAccount loaded = store(this.root).loadAccount(ACCOUNT_ID).orElseThrow();
		assertThat(loaded.location()).isNull();
		assertThat(loaded.keyPair().getPublic().getEncoded()).isEqualTo(account.keyPair().getPublic().getEncoded());
		assertThat(damaged(locationFile)).hasContent("not a url\n");
		assertThat(accountFolder(this.root).resolve("account-key.pem")).exists();
	}

	@Test
	void concurrentLoadsDuringSavesMoveNothingAside() throws Exception {
		FileCertificateStore store = store(this.root);
		store.saveCertificate(CERTIFICATE_ID, newBundle());
		List<CertificateBundle> bundles = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			bundles.add(newBundle());
		}
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			List<Future<Boolean>> loads = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				loads.add(executor.submit(() -> loadUntilAllSaved(store, bundles.get(bundles.size() - 1))));
			}
			for (CertificateBundle bundle : bundles) {
				store.saveCertificate(CERTIFICATE_ID, bundle);
			}
			for (Future<Boolean> load : loads) {
				assertThat(load.get()).isTrue();
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(entryNames(certificateFolder(this.root))).noneMatch((name) -> name.contains(".damaged-"));
	}

	/**
	 * Loads until the last bundle is current, and returns whether every loaded key
	 * matched its certificate.
	 */
	private static boolean loadUntilAllSaved(FileCertificateStore store, CertificateBundle last) {
		while (true) {
			CertificateBundle loaded = store.loadCertificate(CERTIFICATE_ID).orElseThrow();
			if (!CertificateVerifier.keyMatches(loaded)) {
				return false;
			}
			if (loaded.serialNumber().equals(last.serialNumber())) {
				return true;
			}
		}
	}

	private Path saveAndDamage(String fileName, String content) throws IOException {
		store(this.root).saveCertificate(CERTIFICATE_ID, newBundle());
		Path version = currentVersionFolder(this.root);
		Files.writeString(version.resolve(fileName), content, StandardCharsets.US_ASCII);
		return version;
	}

	private static Path damaged(Path entry) {
		return entry.resolveSibling(entry.getFileName() + DAMAGED_SUFFIX);
	}

}

package dev.acmeboot.autoconfigure.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;

import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.CERTIFICATE_ID;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.NOW;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.certificateFolder;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.clock;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.currentVersionFolder;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.entryNames;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.newBundle;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link FileCertificateStore} saves that fail midway or find their version
 * folder name taken. Write failures are injected through the store's file writer,
 * because permission-based failures do not happen when the tests run as root.
 */
class FileCertificateStoreSaveFailureTests {

	private static final String LATER_VERSION_PREFIX = "20250601T120100Z-";

	@TempDir
	Path root;

	@Test
	void failedChainWriteKeepsPreviousCertificate() {
		CertificateBundle previous = newBundle();
		store(this.root).saveCertificate(CERTIFICATE_ID, previous);
		FileCertificateStore failing = failingStore("fullchain.pem");
		assertThatExceptionOfType(CertificateStoreException.class)
			.isThrownBy(() -> failing.saveCertificate(CERTIFICATE_ID, newBundle()));
		assertThat(store(this.root).loadCertificate(CERTIFICATE_ID).orElseThrow().serialNumber())
			.isEqualTo(previous.serialNumber());
	}

	@Test
	void failedChainWriteRemovesVersionFolder() throws IOException {
		store(this.root).saveCertificate(CERTIFICATE_ID, newBundle());
		String previousVersion = currentVersionFolder(this.root).getFileName().toString();
		CertificateBundle bundle = newBundle();
		assertThatExceptionOfType(CertificateStoreException.class)
			.isThrownBy(() -> failingStore("fullchain.pem").saveCertificate(CERTIFICATE_ID, bundle));
		assertThat(certificateFolder(this.root).resolve(LATER_VERSION_PREFIX + bundle.serialNumber()))
			.doesNotExist();
		assertThat(entryNames(certificateFolder(this.root))).containsExactly(previousVersion, "current");
	}

	@Test
	void failedSaveNamesVersionFolder() {
		CertificateBundle bundle = newBundle();
		Path version = certificateFolder(this.root).resolve(LATER_VERSION_PREFIX + bundle.serialNumber());
		assertThatExceptionOfType(CertificateStoreException.class)
			.isThrownBy(() -> failingStore("fullchain.pem").saveCertificate(CERTIFICATE_ID, bundle))
			.withMessageContaining(version.toString())
			.withMessageContaining("No space left on device")
			.withMessageContaining("The previous certificate, if any, stays current.");
	}

	@Test
	void failedKeyWriteRemovesVersionFolder() throws IOException {
		store(this.root).saveCertificate(CERTIFICATE_ID, newBundle());
		String previousVersion = currentVersionFolder(this.root).getFileName().toString();
		CertificateBundle bundle = newBundle();
		assertThatExceptionOfType(CertificateStoreException.class)
			.isThrownBy(() -> failingStore("privkey.pem").saveCertificate(CERTIFICATE_ID, bundle));
		assertThat(entryNames(certificateFolder(this.root))).containsExactly(previousVersion, "current");
	}

	@Test
	void failedPointerWriteKeepsPointer() throws IOException {
		store(this.root).saveCertificate(CERTIFICATE_ID, newBundle());
		Path pointer = certificateFolder(this.root).resolve("current");
		String previousPointer = Files.readString(pointer);
		CertificateBundle bundle = newBundle();
		assertThatExceptionOfType(CertificateStoreException.class)
			.isThrownBy(() -> failingStore("current").saveCertificate(CERTIFICATE_ID, bundle));
		assertThat(pointer).hasContent(previousPointer);
		assertThat(certificateFolder(this.root).resolve(LATER_VERSION_PREFIX + bundle.serialNumber()))
			.doesNotExist();
	}

	@Test
	void failedFirstSaveLeavesNoCertificate() {
		CertificateBundle bundle = newBundle();
		assertThatExceptionOfType(CertificateStoreException.class)
			.isThrownBy(() -> failingStore("fullchain.pem").saveCertificate(CERTIFICATE_ID, bundle));
		assertThat(store(this.root).loadCertificate(CERTIFICATE_ID)).isEmpty();
	}

	@Test
	void failedSaveDoesNotPrune() throws IOException {
		for (int day = 0; day < 3; day++) {
			new FileCertificateStore(this.root, clock(NOW.minus(Duration.ofDays(day)))).saveCertificate(CERTIFICATE_ID,
					newBundle());
		}
		List<String> before = entryNames(certificateFolder(this.root));
		CertificateBundle bundle = newBundle();
		assertThatExceptionOfType(CertificateStoreException.class)
			.isThrownBy(() -> failingStore("current").saveCertificate(CERTIFICATE_ID, bundle));
		assertThat(entryNames(certificateFolder(this.root))).isEqualTo(before);
	}

	@Test
	void saveRetriesAfterFailure() {
		CertificateBundle bundle = newBundle();
		assertThatExceptionOfType(CertificateStoreException.class)
			.isThrownBy(() -> failingStore("fullchain.pem").saveCertificate(CERTIFICATE_ID, bundle));
		store(this.root).saveCertificate(CERTIFICATE_ID, bundle);
		assertThat(store(this.root).loadCertificate(CERTIFICATE_ID).orElseThrow().serialNumber())
			.isEqualTo(bundle.serialNumber());
	}

	@Test
	void takenVersionNameGetsSuffix() throws IOException {
		CertificateBundle bundle = newBundle();
		Files.createDirectories(certificateFolder(this.root));
		Path regularFile = certificateFolder(this.root).resolve("20250601T120000Z-" + bundle.serialNumber());
		Files.writeString(regularFile, "a regular file where the version folder would go");
		store(this.root).saveCertificate(CERTIFICATE_ID, bundle);
		assertThat(currentVersionFolder(this.root).getFileName())
			.hasToString("20250601T120000Z-" + bundle.serialNumber() + "-2");
		assertThat(regularFile).hasContent("a regular file where the version folder would go");
		assertThat(store(this.root).loadCertificate(CERTIFICATE_ID)).isPresent();
	}

	@Test
	void sameBundleTwiceInOneSecond() throws IOException {
		CertificateBundle bundle = newBundle();
		FileCertificateStore store = store(this.root);
		store.saveCertificate(CERTIFICATE_ID, bundle);
		store.saveCertificate(CERTIFICATE_ID, bundle);
		assertThat(currentVersionFolder(this.root).getFileName())
			.hasToString("20250601T120000Z-" + bundle.serialNumber() + "-2");
		assertThat(store.loadCertificate(CERTIFICATE_ID).orElseThrow().serialNumber())
			.isEqualTo(bundle.serialNumber());
	}

	@Test
	void failedRenewalRecordWriteKeepsPrevious() {
		RenewalRecord previous = new RenewalRecord(1, "timed out", NOW, NOW.plusSeconds(600), null);
		store(this.root).saveRenewalRecord(CERTIFICATE_ID, previous);
		FileCertificateStore failing = failingStore("renewal.properties");
		assertThatExceptionOfType(CertificateStoreException.class)
			.isThrownBy(() -> failing.saveRenewalRecord(CERTIFICATE_ID, RenewalRecord.EMPTY))
			.withMessageContaining(certificateFolder(this.root).resolve("renewal.properties").toString());
		assertThat(store(this.root).loadRenewalRecord(CERTIFICATE_ID)).contains(previous);
	}

	/**
	 * Returns a store, one minute after {@link StorageTestSupport#NOW}, whose writes of
	 * the named file fail as on a full disk.
	 */
	private FileCertificateStore failingStore(String failingFileName) {
		return new FileCertificateStore(this.root, clock(NOW.plusSeconds(60)), (target, content) -> {
			if (target.getFileName().toString().equals(failingFileName)) {
				throw new IOException("No space left on device");
			}
			AtomicFiles.write(target, content);
		});
	}

}

package dev.acmeboot.autoconfigure.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.CERTIFICATE_ID;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.DAMAGED_SUFFIX;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.NOW;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.certificateFolder;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.entryNames;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.newBundle;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.store;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the renewal records that {@link FileCertificateStore} keeps in
 * {@code renewal.properties}.
 */
@ExtendWith(OutputCaptureExtension.class)
class RenewalRecordStorageTests {

	private static final Instant LAST_FAILURE = Instant.parse("2025-06-01T11:50:00.123456789Z");

	private static final Instant NEXT_ATTEMPT = Instant.parse("2025-06-01T12:10:00Z");

	@TempDir
	Path root;

	@Test
	void recordRoundTrips() {
		RenewalRecord record = new RenewalRecord(3, "rateLimited: too many orders", LAST_FAILURE, NEXT_ATTEMPT,
				"4a1f0b");
		store(this.root).saveRenewalRecord(CERTIFICATE_ID, record);
		assertThat(store(this.root).loadRenewalRecord(CERTIFICATE_ID)).contains(record);
	}

	@Test
	void emptyRecordRoundTrips() {
		store(this.root).saveRenewalRecord(CERTIFICATE_ID, RenewalRecord.EMPTY);
		assertThat(store(this.root).loadRenewalRecord(CERTIFICATE_ID)).contains(RenewalRecord.EMPTY);
	}

	@Test
	void nullFieldsRoundTrip() {
		RenewalRecord record = new RenewalRecord(1, null, LAST_FAILURE, null, null);
		store(this.root).saveRenewalRecord(CERTIFICATE_ID, record);
		RenewalRecord loaded = store(this.root).loadRenewalRecord(CERTIFICATE_ID).orElseThrow();
		assertThat(loaded.failures()).isEqualTo(1);
		assertThat(loaded.lastError()).isNull();
		assertThat(loaded.lastFailure()).isEqualTo(LAST_FAILURE);
		assertThat(loaded.nextAttempt()).isNull();
		assertThat(loaded.replacedSerial()).isNull();
	}

	@Test
	void replacedSerialOnlyRoundTrips() {
		RenewalRecord record = RenewalRecord.EMPTY.withReplacedSerial("ff01");
		store(this.root).saveRenewalRecord(CERTIFICATE_ID, record);
		assertThat(store(this.root).loadRenewalRecord(CERTIFICATE_ID)).contains(record);
	}

	@Test
	void multiLineNonAsciiErrorRoundTrips() {
		String error = "Ungültige Antwort = \"x\"\n\tsecond line: ü → ✓ # not a comment";
		RenewalRecord record = new RenewalRecord(2, error, LAST_FAILURE, NEXT_ATTEMPT, null);
		store(this.root).saveRenewalRecord(CERTIFICATE_ID, record);
		assertThat(store(this.root).loadRenewalRecord(CERTIFICATE_ID).orElseThrow().lastError()).isEqualTo(error);
	}

	@Test
	void saveReplacesRecord() {
		FileCertificateStore store = store(this.root);
		store.saveRenewalRecord(CERTIFICATE_ID, new RenewalRecord(5, "timed out", LAST_FAILURE, NEXT_ATTEMPT, null));
		store.saveRenewalRecord(CERTIFICATE_ID, RenewalRecord.EMPTY);
		assertThat(store.loadRenewalRecord(CERTIFICATE_ID)).contains(RenewalRecord.EMPTY);
	}

	@Test
	void missingRecordIsEmpty() {
		assertThat(store(this.root).loadRenewalRecord(CERTIFICATE_ID)).isEmpty();
	}

	@Test
	void recordIsKeptPerCertificate() {
		store(this.root).saveRenewalRecord(CERTIFICATE_ID, new RenewalRecord(1, null, null, null, null));
		assertThat(store(this.root).loadRenewalRecord("other.example.com")).isEmpty();
	}

	@Test
	void recordIsStoredBesideCertificate() throws IOException {
		FileCertificateStore store = store(this.root);
		store.saveCertificate(CERTIFICATE_ID, newBundle());
		store.saveRenewalRecord(CERTIFICATE_ID, new RenewalRecord(1, "timed out", LAST_FAILURE, NEXT_ATTEMPT, null));
		assertThat(certificateFolder(this.root).resolve("renewal.properties")).isRegularFile();
		assertThat(store.loadCertificate(CERTIFICATE_ID)).isPresent();
	}

	@Test
	void fileUsesIsoInstants() throws IOException {
		RenewalRecord record = new RenewalRecord(1, null, LAST_FAILURE, NEXT_ATTEMPT, "ab");
		store(this.root).saveRenewalRecord(CERTIFICATE_ID, record);
		String content = Files.readString(recordFile(), StandardCharsets.ISO_8859_1);
		assertThat(content).contains("failures=1");
		assertThat(content).contains("last-failure=2025-06-01T11\\:50\\:00.123456789Z");
		assertThat(content).contains("next-attempt=2025-06-01T12\\:10\\:00Z");
		assertThat(content).contains("replaced-serial=ab");
		assertThat(content).doesNotContain("last-error");
	}

	@Test
	void saveLeavesNoTemporaryFile() throws IOException {
		store(this.root).saveRenewalRecord(CERTIFICATE_ID, RenewalRecord.EMPTY);
		assertThat(entryNames(certificateFolder(this.root))).containsExactly("renewal.properties");
	}

	@Test
	void handWrittenRecordLoads() throws IOException {
		Files.createDirectories(certificateFolder(this.root));
		Files.writeString(recordFile(), "# edited by hand\r\nfailures = 2\r\n\r\nnext-attempt: 2025-06-01T12:10:00Z\r\n"
				+ "unknown-key=ignored\r\n");
		RenewalRecord loaded = store(this.root).loadRenewalRecord(CERTIFICATE_ID).orElseThrow();
		assertThat(loaded.failures()).isEqualTo(2);
		assertThat(loaded.nextAttempt()).isEqualTo(NEXT_ATTEMPT);
		assertThat(loaded.lastError()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "garbage", "failures=many", "failures=-1", "failures=1\nnext-attempt=tomorrow",
			"failures=1\nlast-failure=2025-06-01", "failures=\\u12", "\u0000\u00ff\u0001" })
	void corruptRecordIsMovedAside(String content) throws IOException {
		Files.createDirectories(certificateFolder(this.root));
		Files.writeString(recordFile(), content, StandardCharsets.ISO_8859_1);
		assertThat(store(this.root).loadRenewalRecord(CERTIFICATE_ID)).isEmpty();
		assertThat(recordFile()).doesNotExist();
		assertThat(recordFile().resolveSibling("renewal.properties" + DAMAGED_SUFFIX))
			.hasBinaryContent(content.getBytes(StandardCharsets.ISO_8859_1));
	}

	@Test
	void corruptRecordIsLogged(CapturedOutput output) throws IOException {
		Files.createDirectories(certificateFolder(this.root));
		Files.writeString(recordFile(), "failures=1\nnext-attempt=tomorrow\n");
		store(this.root).loadRenewalRecord(CERTIFICATE_ID);
		assertThat(output).containsOnlyOnce("Moved damaged storage entries aside");
		assertThat(output).contains("the renewal record '" + recordFile() + "' is invalid");
		assertThat(output).contains("The value 'tomorrow' of 'next-attempt' is not an ISO-8601 instant");
		assertThat(output).contains("The renewal back-off starts over.");
	}

	@Test
	void saveAfterCorruptRecordIsLoaded() throws IOException {
		Files.createDirectories(certificateFolder(this.root));
		Files.writeString(recordFile(), "garbage");
		FileCertificateStore store = store(this.root);
		store.loadRenewalRecord(CERTIFICATE_ID);
		RenewalRecord record = new RenewalRecord(1, "timed out", NOW, NEXT_ATTEMPT, null);
		store.saveRenewalRecord(CERTIFICATE_ID, record);
		assertThat(store.loadRenewalRecord(CERTIFICATE_ID)).contains(record);
	}

	@Test
	void corruptRecordLeavesCertificate() throws IOException {
		FileCertificateStore store = store(this.root);
		store.saveCertificate(CERTIFICATE_ID, newBundle());
		Files.writeString(recordFile(), "garbage");
		store.loadRenewalRecord(CERTIFICATE_ID);
		assertThat(store.loadCertificate(CERTIFICATE_ID)).isPresent();
	}

	private Path recordFile() {
		return certificateFolder(this.root).resolve("renewal.properties");
	}

}

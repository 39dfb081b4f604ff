package dev.acmeboot.autoconfigure.storage;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.acmeboot.autoconfigure.certificate.KeyType;

import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.ACCOUNT_ID;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.CERTIFICATE_ID;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.NOW;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.currentVersionFolder;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.newBundle;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the owner-only permissions of the files and folders that
 * {@link FileCertificateStore} creates, and for the warnings about wider permissions.
 */
@DisabledOnOs(OS.WINDOWS)
@ExtendWith(OutputCaptureExtension.class)
class FileCertificateStorePermissionsTests {

	@TempDir
	Path temporary;

	private Path root;

	private FileCertificateStore store;

	@Test
	void createdRootIsOwnerOnly() throws IOException {
		saveEverything();
		assertThat(permissions(this.root)).isEqualTo("rwx------");
	}

	@Test
	void createdParentsAreOwnerOnly() throws IOException {
		Path nested = this.temporary.resolve("a/b/store");
		new FileCertificateStore(nested, StorageTestSupport.clock(NOW)).saveCertificate(CERTIFICATE_ID, newBundle());
		assertThat(permissions(this.temporary.resolve("a"))).isEqualTo("rwx------");
		assertThat(permissions(this.temporary.resolve("a/b"))).isEqualTo("rwx------");
		assertThat(permissions(nested)).isEqualTo("rwx------");
	}

	@Test
	void accountFoldersAreOwnerOnly() throws IOException {
		saveEverything();
		assertThat(permissions(this.root.resolve("accounts"))).isEqualTo("rwx------");
		assertThat(permissions(accountFolder())).isEqualTo("rwx------");
	}

	@Test
	void certificateFoldersAreOwnerOnly() throws IOException {
		saveEverything();
		assertThat(permissions(this.root.resolve("certificates"))).isEqualTo("rwx------");
		assertThat(permissions(certificateFolder())).isEqualTo("rwx------");
		assertThat(permissions(currentVersionFolder(this.root))).isEqualTo("rwx------");
	}

	@Test
	void keyFilesAreOwnerOnly() throws IOException {
		saveEverything();
		assertThat(permissions(accountFolder().resolve("account-key.pem"))).isEqualTo("rw-------");
		assertThat(permissions(currentVersionFolder(this.root).resolve("privkey.pem"))).isEqualTo("rw-------");
	}

	@Test
	void otherFilesAreOwnerOnly() throws IOException {
		saveEverything();
		assertThat(permissions(accountFolder().resolve("account-location.txt"))).isEqualTo("rw-------");
		assertThat(permissions(certificateFolder().resolve("current"))).isEqualTo("rw-------");
		assertThat(permissions(certificateFolder().resolve("renewal.properties"))).isEqualTo("rw-------");
		assertThat(permissions(currentVersionFolder(this.root).resolve("fullchain.pem"))).isEqualTo("rw-------");
	}

	@Test
	void replacedKeyFileIsOwnerOnly() throws IOException {
		saveEverything();
		Path keyFile = accountFolder().resolve("account-key.pem");
		Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
		this.store.saveAccount(ACCOUNT_ID, new StoredAccount(KeyType.EC_P256.generateKeyPair(), null));
		assertThat(permissions(keyFile)).isEqualTo("rw-------");
	}

	@Test
	void ownerOnlyStorageLogsNoWarning(CapturedOutput output) throws IOException {
		saveEverything();
		this.store.loadAccount(ACCOUNT_ID);
		this.store.loadCertificate(CERTIFICATE_ID);
		assertThat(output).doesNotContain("accessible to other users");
	}

	@Test
	void wideRootIsReported(CapturedOutput output) throws IOException {
		saveEverything();
		Files.setPosixFilePermissions(this.root, PosixFilePermissions.fromString("rwxr-xr-x"));
		this.store.loadCertificate(CERTIFICATE_ID);
		assertThat(output).contains("The folder '" + this.root + "' is accessible to other users");
		assertThat(output).contains("(permissions rwxr-xr-x)");
		assertThat(output).contains("chmod 700 '" + this.root + "'");
	}

	@Test
	void wideCertificateFolderIsReported(CapturedOutput output) throws IOException {
		saveEverything();
		Files.setPosixFilePermissions(certificateFolder(), PosixFilePermissions.fromString("rwxrwx---"));
		this.store.loadCertificate(CERTIFICATE_ID);
		assertThat(output).contains("The folder '" + certificateFolder() + "' is accessible to other users");
		assertThat(output).contains("chmod 700 '" + certificateFolder() + "'");
	}

	@Test
	void wideVersionFolderIsReported(CapturedOutput output) throws IOException {
		saveEverything();
		Path version = currentVersionFolder(this.root);
		Files.setPosixFilePermissions(version, PosixFilePermissions.fromString("rwx--x--x"));
		this.store.loadCertificate(CERTIFICATE_ID);
		assertThat(output).contains("The folder '" + version + "' is accessible to other users");
	}

	@Test
	void widePrivateKeyIsReported(CapturedOutput output) throws IOException {
		saveEverything();
		Path keyFile = currentVersionFolder(this.root).resolve("privkey.pem");
		Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
		this.store.loadCertificate(CERTIFICATE_ID);
		assertThat(output).contains("The private key file '" + keyFile + "' is accessible to other users");
		assertThat(output).contains("(permissions rw-r--r--)");
		assertThat(output).contains("chmod 600 '" + keyFile + "'");
	}

	@Test
	void wideAccountKeyIsReported(CapturedOutput output) throws IOException {
		saveEverything();
		Path keyFile = accountFolder().resolve("account-key.pem");
		Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-rw-rw-"));
		this.store.loadAccount(ACCOUNT_ID);
		assertThat(output).contains("The private key file '" + keyFile + "' is accessible to other users");
		assertThat(output).contains("chmod 600 '" + keyFile + "'");
	}

	@Test
	void wideAccountFolderIsReported(CapturedOutput output) throws IOException {
		saveEverything();
		Files.setPosixFilePermissions(this.root.resolve("accounts"), PosixFilePermissions.fromString("rwxr-x---"));
		this.store.loadAccount(ACCOUNT_ID);
		assertThat(output).contains("The folder '" + this.root.resolve("accounts") + "' is accessible");
	}

	@Test
	void widePermissionsAreReportedOnce(CapturedOutput output) throws IOException {
		saveEverything();
		Path keyFile = currentVersionFolder(this.root).resolve("privkey.pem");
		Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
		this.store.loadCertificate(CERTIFICATE_ID);
		this.store.loadCertificate(CERTIFICATE_ID);
		new FileCertificateStore(this.root, StorageTestSupport.clock(NOW)).loadCertificate(CERTIFICATE_ID);
		assertThat(output).containsOnlyOnce("The private key file '" + keyFile + "'");
	}

	@Test
	void narrowerPermissionsAreNotReported(CapturedOutput output) throws IOException {
		saveEverything();
		Path keyFile = currentVersionFolder(this.root).resolve("privkey.pem");
		Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("r--------"));
		this.store.loadCertificate(CERTIFICATE_ID);
		assertThat(output).doesNotContain("accessible to other users");
	}

	@Test
	void widePermissionsStillLoad() throws IOException {
		saveEverything();
		Files.setPosixFilePermissions(this.root, PosixFilePermissions.fromString("rwxrwxrwx"));
		assertThat(this.store.loadCertificate(CERTIFICATE_ID)).isPresent();
		assertThat(this.store.loadAccount(ACCOUNT_ID)).isPresent();
	}

	private void saveEverything() throws IOException {
		this.root = this.temporary.resolve("store");
		this.store = new FileCertificateStore(this.root, StorageTestSupport.clock(NOW));
		URL location = URI.create("https://127.0.0.1:14000/my-account/1").toURL();
		this.store.saveAccount(ACCOUNT_ID, new StoredAccount(KeyType.EC_P256.generateKeyPair(), location));
		this.store.saveCertificate(CERTIFICATE_ID, newBundle());
		this.store.saveRenewalRecord(CERTIFICATE_ID, RenewalRecord.EMPTY);
	}

	private Path accountFolder() {
		return StorageTestSupport.accountFolder(this.root);
	}

	private Path certificateFolder() {
		return StorageTestSupport.certificateFolder(this.root);
	}

	private static String permissions(Path path) throws IOException {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
	}

}

package dev.acmeboot.autoconfigure.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.certificate.KeyType;

import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.ACCOUNT_ID;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.CERTIFICATE_ID;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.accountFolder;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.currentVersionFolder;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.newBundle;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.store;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that no key material reaches the log or an exception message when stored keys
 * are damaged, and that a bundle's string form leaves its key out.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoredKeysNotLoggedTests {

	@TempDir
	Path root;

	@Test
	void truncatedDomainKeyIsNotLogged(CapturedOutput output) throws IOException {
		Path keyFile = saveCertificateKeyFile();
		String key = Files.readString(keyFile);
		Files.writeString(keyFile, key.substring(0, key.length() - 40));
		assertThat(store(this.root).loadCertificate(CERTIFICATE_ID)).isEmpty();
		assertThat(output).contains("Moved damaged storage entries aside");
		assertNoKeyLine(output, key);
	}

	@Test
	void corruptedDomainKeyIsNotLogged(CapturedOutput output) throws IOException {
		Path keyFile = saveCertificateKeyFile();
		String key = Files.readString(keyFile);
		List<String> lines = key.lines().toList();
		String damagedLine = "AAAA" + lines.get(1).substring(4);
		Files.writeString(keyFile, key.replace(lines.get(1), damagedLine));
		assertThat(store(this.root).loadCertificate(CERTIFICATE_ID)).isEmpty();
		assertThat(output).contains("Moved damaged storage entries aside");
		assertNoKeyLine(output, key);
		assertThat(output).doesNotContain(damagedLine);
	}

	@Test
	void truncatedAccountKeyIsNotLogged(CapturedOutput output) throws IOException {
		store(this.root).saveAccount(ACCOUNT_ID, new StoredAccount(KeyType.RSA_2048.generateKeyPair(), null));
		Path keyFile = accountFolder(this.root).resolve("account-key.pem");
		String key = Files.readString(keyFile);
		Files.writeString(keyFile, key.substring(0, key.length() / 2));
		assertThat(store(this.root).loadAccount(ACCOUNT_ID)).isEmpty();
		assertThat(output).contains("the account key '" + keyFile + "' is invalid");
		assertNoKeyLine(output, key);
	}

	@Test
	void bundleStringOmitsKey() {
		CertificateBundle bundle = newBundle();
		String encoded = Base64.getEncoder().encodeToString(bundle.privateKey().getEncoded());
		assertThat(bundle.toString()).doesNotContain(encoded.substring(0, 32));
		assertNoKeyLine(bundle.toString(), PemCodec.encodePrivateKey(bundle.privateKey()));
	}

	private Path saveCertificateKeyFile() throws IOException {
		store(this.root).saveCertificate(CERTIFICATE_ID, newBundle());
		return currentVersionFolder(this.root).resolve("privkey.pem");
	}

	/**
	 * Asserts that no base64 line of the PEM text appears in the output.
	 */
	private static void assertNoKeyLine(CharSequence output, String pem) {
		List<String> keyLines = pem.lines().filter((line) -> !line.startsWith("-----") && line.length() >= 16).toList();
		assertThat(keyLines).isNotEmpty();
		assertThat(output.toString()).doesNotContain(keyLines);
	}

}

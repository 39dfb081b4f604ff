package dev.acmeboot.autoconfigure.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.certificate.KeyType;

import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.ACCOUNT_ID;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.CERTIFICATE_ID;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.accountFolder;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.certificateFolder;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.entryNames;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.newBundle;
import static dev.acmeboot.autoconfigure.storage.StorageTestSupport.store;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@link FileCertificateStore} loads PEM files written by hand or by other
 * tools: with CRLF line endings, a UTF-8 byte order mark, or extra blank lines.
 */
class FileCertificateStorePemFormatTests {

	private static final String VERSION = "20250101T000000Z-1";

	private static final byte[] BYTE_ORDER_MARK = { (byte) 0xef, (byte) 0xbb, (byte) 0xbf };

	@TempDir
	Path root;

	private final CertificateBundle leaf = newBundle();

	private final CertificateBundle issuer = newBundle();

	private final CertificateBundle bundle = new CertificateBundle(List.of(this.leaf.leaf(), this.issuer.leaf()),
			this.leaf.privateKey());

	@Test
	void crlfLineEndingsLoad() throws IOException {
		writeVersion(crlf(chainPem()), crlf(keyPem()), VERSION + "\r\n");
		assertLoadsBundle();
	}

	@Test
	void byteOrderMarkLoads() throws IOException {
		writeVersion(withByteOrderMark(chainPem()), withByteOrderMark(keyPem()), VERSION + "\n");
		assertLoadsBundle();
	}

	@Test
	void blankLinesLoad() throws IOException {
		String chain = "\n\n" + chainPem().replace("-----END CERTIFICATE-----\n", "-----END CERTIFICATE-----\n\n\n")
				+ "\n\n";
		writeVersion(chain, "\n\n" + keyPem() + "\n\n\n", "\n" + VERSION + "\n\n");
		assertLoadsBundle();
	}

	@Test
	void allThreeCombinedLoad() throws IOException {
		String chain = crlf(chainPem().replace("-----END CERTIFICATE-----\n", "-----END CERTIFICATE-----\n\n"));
		writeVersion(withByteOrderMark("\r\n" + chain + "\r\n"), withByteOrderMark(crlf("\n" + keyPem() + "\n")),
				VERSION + "\r\n");
		assertLoadsBundle();
	}

	@Test
	void pointerWithByteOrderMarkLoads() throws IOException {
		writeVersion(chainPem(), keyPem(), VERSION + "\n");
		byte[] pointer = (VERSION + "\r\n").getBytes(StandardCharsets.US_ASCII);
		Files.write(certificateFolder(this.root).resolve("current"), concat(BYTE_ORDER_MARK, pointer));
		assertLoadsBundle();
	}

	@Test
	void handWrittenFilesAreNotMovedAside() throws IOException {
		writeVersion(withByteOrderMark(crlf(chainPem())), withByteOrderMark(crlf(keyPem())), VERSION + "\r\n");
		store(this.root).loadCertificate(CERTIFICATE_ID);
		assertThat(entryNames(certificateFolder(this.root))).containsExactly(VERSION, "current");
	}

	@Test
	void handWrittenAccountLoads() throws IOException {
		KeyPair keyPair = KeyType.EC_P256.generateKeyPair();
		Path folder = Files.createDirectories(accountFolder(this.root));
		Files.write(folder.resolve("account-key.pem"), withByteOrderMark(crlf("\n" + PemCodec.encodeKeyPair(keyPair))));
		Files.write(folder.resolve("account-location.txt"), withByteOrderMark("https://127.0.0.1:14000/acct/1\r\n"));
		StoredAccount loaded = store(this.root).loadAccount(ACCOUNT_ID).orElseThrow();
		assertThat(loaded.keyPair().getPublic().getEncoded()).isEqualTo(keyPair.getPublic().getEncoded());
		assertThat(loaded.location()).hasToString("https://127.0.0.1:14000/acct/1");
	}

	private void assertLoadsBundle() {
		CertificateBundle loaded = store(this.root).loadCertificate(CERTIFICATE_ID).orElseThrow();
		assertThat(loaded.chain()).containsExactlyElementsOf(this.bundle.chain());
		assertThat(loaded.privateKey().getEncoded()).isEqualTo(this.bundle.privateKey().getEncoded());
	}

	private void writeVersion(String chain, String key, String pointer) throws IOException {
		writeVersion(chain.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8), pointer);
	}

	private void writeVersion(byte[] chain, byte[] key, String pointer) throws IOException {
		Path version = Files.createDirectories(certificateFolder(this.root).resolve(VERSION));
		Files.write(version.resolve("fullchain.pem"), chain);
		Files.write(version.resolve("privkey.pem"), key);
		Files.writeString(certificateFolder(this.root).resolve("current"), pointer, StandardCharsets.US_ASCII);
	}

	private String chainPem() {
		return PemCodec.encodeCertificates(this.bundle.chain());
	}

	private String keyPem() {
		return PemCodec.encodePrivateKey(this.bundle.privateKey());
	}

	private static String crlf(String text) {
		return text.replace("\r\n", "\n").replace("\n", "\r\n");
	}

	private static byte[] withByteOrderMark(String text) {
		return concat(BYTE_ORDER_MARK, text.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] result = new byte[first.length + second.length];
		System.arraycopy(first, 0, result, 0, first.length);
		System.arraycopy(second, 0, result, first.length, second.length);
		return result;
	}

}

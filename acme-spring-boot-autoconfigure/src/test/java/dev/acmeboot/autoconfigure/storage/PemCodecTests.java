package dev.acmeboot.autoconfigure.storage;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.certificate.KeyType;
import dev.acmeboot.autoconfigure.certificate.SelfSignedCertificateFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link PemCodec}.
 */
class PemCodecTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);

	private final SelfSignedCertificateFactory certificates = new SelfSignedCertificateFactory(CLOCK);

	@Test
	void certificatesRoundTrip() throws IOException {
		List<X509Certificate> chain = chain();
		assertThat(PemCodec.decodeCertificates(PemCodec.encodeCertificates(chain))).containsExactlyElementsOf(chain);
	}

	@Test
	void encodeCertificatesWritesOneBlockEach() {
		String pem = PemCodec.encodeCertificates(chain());
		assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
		assertThat(pem.split("-----BEGIN CERTIFICATE-----", -1)).hasSize(3);
	}

	@Test
	void ecPrivateKeyRoundTrips() throws IOException {
		PrivateKey privateKey = KeyType.EC_P256.generateKeyPair().getPrivate();
		PrivateKey decoded = PemCodec.decodePrivateKey(PemCodec.encodePrivateKey(privateKey));
		assertThat(decoded.getEncoded()).isEqualTo(privateKey.getEncoded());
	}

	@Test
	void rsaPrivateKeyRoundTrips() throws IOException {
		PrivateKey privateKey = KeyType.RSA_2048.generateKeyPair().getPrivate();
		PrivateKey decoded = PemCodec.decodePrivateKey(PemCodec.encodePrivateKey(privateKey));
		assertThat(decoded.getEncoded()).isEqualTo(privateKey.getEncoded());
	}

	@Test
	void encodePrivateKeyWritesPkcs8Block() {
		String pem = PemCodec.encodePrivateKey(KeyType.EC_P256.generateKeyPair().getPrivate());
		assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
	}

	@Test
	void ecKeyPairRoundTrips() throws IOException {
		KeyPair keyPair = KeyType.EC_P256.generateKeyPair();
		KeyPair decoded = PemCodec.decodeKeyPair(PemCodec.encodeKeyPair(keyPair));
		assertThat(decoded.getPublic().getEncoded()).isEqualTo(keyPair.getPublic().getEncoded());
		assertThat(decoded.getPrivate().getEncoded()).isEqualTo(keyPair.getPrivate().getEncoded());
	}

	@Test
	void ecP384KeyPairRoundTrips() throws IOException {
		KeyPair keyPair = KeyType.EC_P384.generateKeyPair();
		KeyPair decoded = PemCodec.decodeKeyPair(PemCodec.encodeKeyPair(keyPair));
		assertThat(decoded.getPublic().getEncoded()).isEqualTo(keyPair.getPublic().getEncoded());
		assertThat(decoded.getPrivate().getEncoded()).isEqualTo(keyPair.getPrivate().getEncoded());
	}

	@Test
	void rsaKeyPairRoundTrips() throws IOException {
		KeyPair keyPair = KeyType.RSA_2048.generateKeyPair();
		KeyPair decoded = PemCodec.decodeKeyPair(PemCodec.encodeKeyPair(keyPair));
		assertThat(decoded.getPublic().getEncoded()).isEqualTo(keyPair.getPublic().getEncoded());
		assertThat(decoded.getPrivate().getEncoded()).isEqualTo(keyPair.getPrivate().getEncoded());
	}

	@Test
	void decodePrivateKeyReadsKeyPairPem() throws IOException {
		KeyPair keyPair = KeyType.EC_P256.generateKeyPair();
		PrivateKey decoded = PemCodec.decodePrivateKey(PemCodec.encodeKeyPair(keyPair));
		assertThat(decoded.getEncoded()).isEqualTo(keyPair.getPrivate().getEncoded());
	}

	@Test
	void decodeCertificatesToleratesCrlfLineEndings() throws IOException {
		List<X509Certificate> chain = chain();
		String pem = PemCodec.encodeCertificates(chain).replace("\r\n", "\n").replace("\n", "\r\n");
		assertThat(PemCodec.decodeCertificates(pem)).containsExactlyElementsOf(chain);
	}

	@Test
	void decodeCertificatesToleratesByteOrderMark() throws IOException {
		List<X509Certificate> chain = chain();
		String pem = "\uFEFF" + PemCodec.encodeCertificates(chain);
		assertThat(PemCodec.decodeCertificates(pem)).containsExactlyElementsOf(chain);
	}

	@Test
	void decodeCertificatesToleratesBlankLines() throws IOException {
		List<X509Certificate> chain = chain();
		String pem = "\n\n" + PemCodec.encodeCertificates(List.of(chain.get(0))) + "\n\n\n"
				+ PemCodec.encodeCertificates(List.of(chain.get(1))) + "\n\n";
		assertThat(PemCodec.decodeCertificates(pem)).containsExactlyElementsOf(chain);
	}

	@Test
	void decodePrivateKeyToleratesCrlfLineEndings() throws IOException {
		PrivateKey privateKey = KeyType.EC_P256.generateKeyPair().getPrivate();
		String pem = PemCodec.encodePrivateKey(privateKey).replace("\r\n", "\n").replace("\n", "\r\n");
		assertThat(PemCodec.decodePrivateKey(pem).getEncoded()).isEqualTo(privateKey.getEncoded());
	}

	@Test
	void decodePrivateKeyToleratesByteOrderMark() throws IOException {
		PrivateKey privateKey = KeyType.EC_P256.generateKeyPair().getPrivate();
		String pem = "\uFEFF" + PemCodec.encodePrivateKey(privateKey);
		assertThat(PemCodec.decodePrivateKey(pem).getEncoded()).isEqualTo(privateKey.getEncoded());
	}

	@Test
	void decodePrivateKeyToleratesBlankLines() throws IOException {
		PrivateKey privateKey = KeyType.EC_P256.generateKeyPair().getPrivate();
		String pem = "\n\n" + PemCodec.encodePrivateKey(privateKey) + "\n\n";
		assertThat(PemCodec.decodePrivateKey(pem).getEncoded()).isEqualTo(privateKey.getEncoded());
	}

	@Test
	void decodeKeyPairToleratesCrlfLineEndings() throws IOException {
		KeyPair keyPair = KeyType.RSA_2048.generateKeyPair();
		String pem = PemCodec.encodeKeyPair(keyPair).replace("\r\n", "\n").replace("\n", "\r\n");
		assertThat(PemCodec.decodeKeyPair(pem).getPublic().getEncoded()).isEqualTo(keyPair.getPublic().getEncoded());
	}

	@Test
	void decodeCertificatesRejectsGarbage() {
		assertThatIOException().isThrownBy(() -> PemCodec.decodeCertificates("this is not a certificate"));
	}

	@Test
	void decodeCertificatesRejectsEmptyText() {
		assertThatIOException().isThrownBy(() -> PemCodec.decodeCertificates(""));
	}

	@Test
	void decodeCertificatesRejectsMissingEndLine() {
		String pem = PemCodec.encodeCertificates(chain());
		String truncated = pem.substring(0, pem.length() / 3);
		assertThatIOException().isThrownBy(() -> PemCodec.decodeCertificates(truncated));
	}

	@Test
	void decodeCertificatesRejectsTruncatedBody() {
		String pem = PemCodec.encodeCertificates(List.of(chain().get(0)));
		String truncated = pem.substring(0, pem.length() / 2) + "\n-----END CERTIFICATE-----\n";
		assertThatIOException().isThrownBy(() -> PemCodec.decodeCertificates(truncated));
	}

	@Test
	void decodeCertificatesRejectsBodyCutAtLineEnd() {
		String pem = PemCodec.encodeCertificates(List.of(chain().get(0)));
		String[] lines = pem.split("\\R");
		String truncated = String.join("\n", List.of(lines).subList(0, 3)) + "\n-----END CERTIFICATE-----\n";
		assertThatIOException().isThrownBy(() -> PemCodec.decodeCertificates(truncated));
	}

	@Test
	void decodeCertificatesRejectsInvalidBase64() {
		String pem = "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";
		assertThatIOException().isThrownBy(() -> PemCodec.decodeCertificates(pem));
	}

	@Test
	void decodeCertificatesRejectsPrivateKey() {
		String pem = PemCodec.encodePrivateKey(KeyType.EC_P256.generateKeyPair().getPrivate());
		assertThatIOException().isThrownBy(() -> PemCodec.decodeCertificates(pem)).withMessageContaining("certificates");
	}

	@Test
	void decodePrivateKeyRejectsGarbage() {
		assertThatIOException().isThrownBy(() -> PemCodec.decodePrivateKey("this is not a key"));
	}

	@Test
	void decodePrivateKeyRejectsEmptyText() {
		assertThatIOException().isThrownBy(() -> PemCodec.decodePrivateKey(""));
	}

	@Test
	void decodePrivateKeyRejectsMissingEndLine() {
		String pem = PemCodec.encodePrivateKey(KeyType.EC_P256.generateKeyPair().getPrivate());
		String truncated = pem.substring(0, pem.length() - 10);
		assertThatIOException().isThrownBy(() -> PemCodec.decodePrivateKey(truncated));
	}

	@Test
	void decodePrivateKeyRejectsTruncatedBody() {
		String pem = PemCodec.encodePrivateKey(KeyType.RSA_2048.generateKeyPair().getPrivate());
		String truncated = pem.substring(0, pem.length() / 2) + "\n-----END PRIVATE KEY-----\n";
		assertThatIOException().isThrownBy(() -> PemCodec.decodePrivateKey(truncated));
	}

	@Test
	void decodePrivateKeyRejectsTwoKeys() {
		String pem = PemCodec.encodePrivateKey(KeyType.EC_P256.generateKeyPair().getPrivate())
				+ PemCodec.encodePrivateKey(KeyType.EC_P256.generateKeyPair().getPrivate());
		assertThatIOException().isThrownBy(() -> PemCodec.decodePrivateKey(pem)).withMessageContaining("found 2");
	}

	@Test
	void decodePrivateKeyRejectsCertificate() {
		String pem = PemCodec.encodeCertificates(List.of(chain().get(0)));
		assertThatIOException().isThrownBy(() -> PemCodec.decodePrivateKey(pem)).withMessageContaining("private key");
	}

	@Test
	void decodeKeyPairRejectsGarbage() {
		assertThatIOException().isThrownBy(() -> PemCodec.decodeKeyPair("this is not a key pair"));
	}

	@Test
	void decodeKeyPairRejectsEmptyText() {
		assertThatIOException().isThrownBy(() -> PemCodec.decodeKeyPair(""));
	}

	@Test
	void decodeKeyPairRejectsTruncatedBody() {
		String pem = PemCodec.encodeKeyPair(KeyType.RSA_2048.generateKeyPair());
		String truncated = pem.substring(0, pem.length() / 2) + "\n-----END RSA PRIVATE KEY-----\n";
		assertThatIOException().isThrownBy(() -> PemCodec.decodeKeyPair(truncated));
	}

	@Test
	void decodeKeyPairRejectsPkcs8PrivateKey() {
		String pem = PemCodec.encodePrivateKey(KeyType.EC_P256.generateKeyPair().getPrivate());
		assertThatIOException().isThrownBy(() -> PemCodec.decodeKeyPair(pem)).withMessageContaining("key pair");
	}

	private List<X509Certificate> chain() {
		CertificateBundle leaf = this.certificates.create(List.of("app.example.com"));
		CertificateBundle other = this.certificates.create(List.of("other.example.com"));
		return List.of(leaf.leaf(), other.leaf());
	}

}

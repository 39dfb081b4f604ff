package dev.acmeboot.autoconfigure.certificate;

import java.security.KeyPair;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link SelfSignedCertificateFactory}.
 */
class SelfSignedCertificateFactoryTests {

	private static final List<String> NAMES = List.of("app.example.com", "www.example.com", "*.api.example.com");

	private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

	private final SelfSignedCertificateFactory factory = new SelfSignedCertificateFactory(TestCertificates.CLOCK);

	@Test
	void createNamesEveryNameAsSubjectAlternativeName() {
		CertificateBundle bundle = this.factory.create(NAMES);
		assertThat(bundle.dnsNames()).containsExactlyElementsOf(NAMES);
	}

	@Test
	void createUsesFirstNameAsCommonName() {
		CertificateBundle bundle = this.factory.create(NAMES);
		assertThat(bundle.leaf().getSubjectX500Principal().getName()).contains("CN=app.example.com");
	}

	@Test
	void createReturnsSingleSelfSignedCertificate() throws Exception {
		CertificateBundle bundle = this.factory.create(NAMES);
		assertThat(bundle.chain()).hasSize(1);
		assertThat(bundle.leaf().getIssuerX500Principal()).isEqualTo(bundle.leaf().getSubjectX500Principal());
		assertThatNoException().isThrownBy(() -> bundle.leaf().verify(bundle.leaf().getPublicKey()));
	}

	@Test
	void createdCertificateIsPlaceholder() {
		CertificateBundle bundle = this.factory.create(NAMES);
		assertThat(SelfSignedCertificateFactory.isPlaceholder(bundle.leaf())).isTrue();
	}

	@Test
	void isPlaceholderIsFalseForIssuedCertificate() {
		KeyPair keyPair = KeyType.EC_P256.generateKeyPair();
		X509Certificate issued = TestCertificates.authority("Test Root").issue(keyPair, NAMES);
		assertThat(SelfSignedCertificateFactory.isPlaceholder(issued)).isFalse();
	}

	@Test
	void createdKeyMatchesCertificate() {
		CertificateBundle bundle = this.factory.create(NAMES);
		assertThatNoException()
			.isThrownBy(() -> new CertificateVerifier(TestCertificates.CLOCK).verify(bundle, NAMES));
	}

	@Test
	void createdKeyIsEcP256() {
		CertificateBundle bundle = this.factory.create(NAMES);
		assertThat(KeyType.of(bundle.leaf().getPublicKey())).contains(KeyType.EC_P256);
	}

	@Test
	void validityStartsBeforeNow() {
		CertificateBundle bundle = this.factory.create(NAMES);
		assertThat(bundle.notBefore()).isBefore(TestCertificates.NOW);
	}

	@Test
	void validityEndsAfterNow() {
		CertificateBundle bundle = this.factory.create(NAMES);
		assertThat(bundle.notAfter()).isAfter(TestCertificates.NOW);
	}

	@Test
	void validityEndsAfterPlaceholderValidity() {
		CertificateBundle bundle = this.factory.create(NAMES);
		assertThat(bundle.notAfter()).isEqualTo(TestCertificates.NOW.plus(SelfSignedCertificateFactory.VALIDITY));
	}

	@Test
	void createdCertificateIsNotAuthority() {
		CertificateBundle bundle = this.factory.create(NAMES);
		assertThat(bundle.leaf().getBasicConstraints()).isEqualTo(-1);
	}

	@Test
	void createdCertificateIsForServerAuthentication() throws CertificateParsingException {
		CertificateBundle bundle = this.factory.create(NAMES);
		assertThat(bundle.leaf().getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
	}

	@Test
	void createUsesNewKeyAndSerialEachTime() {
		CertificateBundle first = this.factory.create(NAMES);
		CertificateBundle second = this.factory.create(NAMES);
		assertThat(first.serialNumber()).isNotEqualTo(second.serialNumber());
		assertThat(first.leaf().getPublicKey()).isNotEqualTo(second.leaf().getPublicKey());
	}

}

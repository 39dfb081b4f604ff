package dev.acmeboot.autoconfigure.certificate;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

import dev.acmeboot.autoconfigure.certificate.TestCertificates.Authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link CertificateVerifier}.
 */
class CertificateVerifierTests {

	private static final List<String> NAMES = List.of("app.example.com", "www.example.com");

	private final CertificateVerifier verifier = new CertificateVerifier(TestCertificates.CLOCK);

	private final Authority root = TestCertificates.authority("Test Root");

	private final Authority intermediate = this.root.intermediate("Test Intermediate");

	private final KeyPair keyPair = KeyType.EC_P256.generateKeyPair();

	@Test
	void verifyAcceptsMatchingKeyAndChain() {
		CertificateBundle bundle = bundle(this.intermediate.issue(this.keyPair, NAMES), this.keyPair.getPrivate());
		assertThatNoException().isThrownBy(() -> this.verifier.verify(bundle, NAMES));
	}

	@Test
	void verifyAcceptsLeafWithoutIntermediates() {
		CertificateBundle bundle = new CertificateBundle(List.of(this.root.issue(this.keyPair, NAMES)),
				this.keyPair.getPrivate());
		assertThatNoException().isThrownBy(() -> this.verifier.verify(bundle, NAMES));
	}

	@Test
	void verifyAcceptsRsaKey() {
		KeyPair rsaKeyPair = KeyType.RSA_2048.generateKeyPair();
		CertificateBundle bundle = bundle(this.intermediate.issue(rsaKeyPair, NAMES), rsaKeyPair.getPrivate());
		assertThatNoException().isThrownBy(() -> this.verifier.verify(bundle, NAMES));
	}

	@Test
	void verifyAcceptsBouncyCastleEcKey() throws GeneralSecurityException {
		// Applications that install Bouncy Castle get keys named "ECDSA" from PEM decoding,
		// and only that provider can sign with them.
		boolean installed = Security.addProvider(new BouncyCastleProvider()) != -1;
		try {
			PrivateKey privateKey = KeyFactory.getInstance("ECDSA")
				.generatePrivate(new PKCS8EncodedKeySpec(this.keyPair.getPrivate().getEncoded()));
			assertThat(privateKey.getAlgorithm()).isEqualTo("ECDSA");
			CertificateBundle bundle = bundle(this.intermediate.issue(this.keyPair, NAMES), privateKey);
			assertThatNoException().isThrownBy(() -> this.verifier.verify(bundle, NAMES));
		}
		finally {
			if (installed) {
				Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
			}
		}
	}

	@Test
	void verifyRejectsKeyOfAnotherPair() {
		KeyPair otherKeyPair = KeyType.EC_P256.generateKeyPair();
		CertificateBundle bundle = bundle(this.intermediate.issue(this.keyPair, NAMES), otherKeyPair.getPrivate());
		assertThatExceptionOfType(CertificateVerificationException.class)
			.isThrownBy(() -> this.verifier.verify(bundle, NAMES))
			.withMessageContaining("private key does not match");
	}

	@Test
	void verifyRejectsKeyOfAnotherAlgorithm() {
		KeyPair rsaKeyPair = KeyType.RSA_2048.generateKeyPair();
		CertificateBundle bundle = bundle(this.intermediate.issue(this.keyPair, NAMES), rsaKeyPair.getPrivate());
		assertThatExceptionOfType(CertificateVerificationException.class)
			.isThrownBy(() -> this.verifier.verify(bundle, NAMES))
			.withMessageContaining("private key does not match");
	}

	@Test
	void verifyRejectsNameNotCovered() {
		CertificateBundle bundle = bundle(this.intermediate.issue(this.keyPair, List.of("app.example.com")),
				this.keyPair.getPrivate());
		assertThatExceptionOfType(CertificateVerificationException.class)
			.isThrownBy(() -> this.verifier.verify(bundle, NAMES))
			.withMessageContaining("www.example.com");
	}

	@Test
	void verifyAcceptsNamesCoveredByWildcard() {
		CertificateBundle bundle = bundle(this.intermediate.issue(this.keyPair, List.of("*.example.com")),
				this.keyPair.getPrivate());
		assertThatNoException().isThrownBy(() -> this.verifier.verify(bundle, NAMES));
	}

	@Test
	void verifyRejectsNameTwoLabelsBelowWildcard() {
		CertificateBundle bundle = bundle(this.intermediate.issue(this.keyPair, List.of("*.example.com")),
				this.keyPair.getPrivate());
		assertThatExceptionOfType(CertificateVerificationException.class)
			.isThrownBy(() -> this.verifier.verify(bundle, List.of("a.app.example.com")));
	}

	@Test
	void verifyRejectsWildcardForHostName() {
		CertificateBundle bundle = bundle(this.intermediate.issue(this.keyPair, List.of("app.example.com")),
				this.keyPair.getPrivate());
		assertThatExceptionOfType(CertificateVerificationException.class)
			.isThrownBy(() -> this.verifier.verify(bundle, List.of("*.example.com")));
	}

	@Test
	void verifyAcceptsWildcardRequestWithWildcardName() {
		CertificateBundle bundle = bundle(this.intermediate.issue(this.keyPair, List.of("*.example.com")),
				this.keyPair.getPrivate());
		assertThatNoException().isThrownBy(() -> this.verifier.verify(bundle, List.of("*.example.com")));
	}

	@Test
	void verifyRejectsLeafNotSignedByNext() {
		Authority otherRoot = TestCertificates.authority("Other Root");
		X509Certificate leaf = this.intermediate.issue(this.keyPair, NAMES);
		CertificateBundle bundle = new CertificateBundle(List.of(leaf, otherRoot.certificate()),
				this.keyPair.getPrivate());
		assertThatExceptionOfType(CertificateVerificationException.class)
			.isThrownBy(() -> this.verifier.verify(bundle, NAMES))
			.withMessageContaining("certificate 1 of the chain");
	}

	@Test
	void verifyRejectsIntermediateNotSignedByNext() {
		Authority otherRoot = TestCertificates.authority("Other Root");
		X509Certificate leaf = this.intermediate.issue(this.keyPair, NAMES);
		CertificateBundle bundle = new CertificateBundle(
				List.of(leaf, this.intermediate.certificate(), otherRoot.certificate()), this.keyPair.getPrivate());
		assertThatExceptionOfType(CertificateVerificationException.class)
			.isThrownBy(() -> this.verifier.verify(bundle, NAMES))
			.withMessageContaining("certificate 2 of the chain")
			.withMessageContaining("Other Root");
	}

	@Test
	void verifyRejectsChainInWrongOrder() {
		X509Certificate leaf = this.intermediate.issue(this.keyPair, NAMES);
		CertificateBundle bundle = new CertificateBundle(
				List.of(leaf, this.root.certificate(), this.intermediate.certificate()), this.keyPair.getPrivate());
		assertThatExceptionOfType(CertificateVerificationException.class)
			.isThrownBy(() -> this.verifier.verify(bundle, NAMES))
			.withMessageContaining("certificate 1 of the chain");
	}

	@Test
	void verifyRejectsExpiredCertificate() {
		CertificateBundle bundle = bundle(this.intermediate.issue(this.keyPair, NAMES), this.keyPair.getPrivate());
		CertificateVerifier verifier = new CertificateVerifier(
				fixedClock(TestCertificates.LEAF_NOT_AFTER.plusSeconds(1)));
		assertThatExceptionOfType(CertificateVerificationException.class)
			.isThrownBy(() -> verifier.verify(bundle, NAMES))
			.withMessageContaining("expired");
	}

	@Test
	void verifyRejectsCertificateNotYetValid() {
		CertificateBundle bundle = bundle(this.intermediate.issue(this.keyPair, NAMES), this.keyPair.getPrivate());
		CertificateVerifier verifier = new CertificateVerifier(
				fixedClock(TestCertificates.LEAF_NOT_BEFORE.minusSeconds(1)));
		assertThatExceptionOfType(CertificateVerificationException.class)
			.isThrownBy(() -> verifier.verify(bundle, NAMES))
			.withMessageContaining("not valid before");
	}

	@Test
	void verifyAcceptsCertificateAtStartOfValidity() {
		CertificateBundle bundle = bundle(this.intermediate.issue(this.keyPair, NAMES), this.keyPair.getPrivate());
		CertificateVerifier verifier = new CertificateVerifier(fixedClock(TestCertificates.LEAF_NOT_BEFORE));
		assertThatNoException().isThrownBy(() -> verifier.verify(bundle, NAMES));
	}

	@Test
	void verifyAcceptsCertificateJustBeforeEndOfValidity() {
		CertificateBundle bundle = bundle(this.intermediate.issue(this.keyPair, NAMES), this.keyPair.getPrivate());
		CertificateVerifier verifier = new CertificateVerifier(
				fixedClock(TestCertificates.LEAF_NOT_AFTER.minus(Duration.ofMillis(1))));
		assertThatNoException().isThrownBy(() -> verifier.verify(bundle, NAMES));
	}

	@Test
	void verifyAcceptsPlaceholder() {
		CertificateBundle placeholder = new SelfSignedCertificateFactory(TestCertificates.CLOCK).create(NAMES);
		assertThatNoException().isThrownBy(() -> this.verifier.verify(placeholder, NAMES));
	}

	private CertificateBundle bundle(X509Certificate leaf, PrivateKey privateKey) {
		return new CertificateBundle(List.of(leaf, this.intermediate.certificate()), privateKey);
	}

	private static Clock fixedClock(Instant instant) {
		return Clock.fixed(instant, ZoneOffset.UTC);
	}

}

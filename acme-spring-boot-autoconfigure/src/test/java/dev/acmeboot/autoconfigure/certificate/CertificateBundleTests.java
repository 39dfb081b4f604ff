package dev.acmeboot.autoconfigure.certificate;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.Test;

import dev.acmeboot.autoconfigure.certificate.TestCertificates.Authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CertificateBundle}.
 */
class CertificateBundleTests {

	private final Authority authority = TestCertificates.authority("Test Root");

	private final KeyPair keyPair = KeyType.EC_P256.generateKeyPair();

	@Test
	void createRejectsEmptyChain() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CertificateBundle(List.of(), this.keyPair.getPrivate()))
			.withMessageContaining("leaf");
	}

	@Test
	void createCopiesChain() {
		List<X509Certificate> chain = new ArrayList<>(List.of(leaf(List.of("app.example.com"))));
		CertificateBundle bundle = new CertificateBundle(chain, this.keyPair.getPrivate());
		chain.add(this.authority.certificate());
		assertThat(bundle.chain()).hasSize(1);
	}

	@Test
	void leafIsFirstCertificate() {
		X509Certificate leaf = leaf(List.of("app.example.com"));
		CertificateBundle bundle = new CertificateBundle(List.of(leaf, this.authority.certificate()),
				this.keyPair.getPrivate());
		assertThat(bundle.leaf()).isEqualTo(leaf);
	}

	@Test
	void dnsNamesListsNamesInOrder() {
		CertificateBundle bundle = bundle(leaf(List.of("app.example.com", "www.example.com", "*.example.com")));
		assertThat(bundle.dnsNames()).containsExactly("app.example.com", "www.example.com", "*.example.com");
	}

	@Test
	void dnsNamesLowersCase() {
		CertificateBundle bundle = bundle(leaf(List.of("App.Example.COM")));
		assertThat(bundle.dnsNames()).containsExactly("app.example.com");
	}

	@Test
	void dnsNamesSkipsOtherNameTypes() {
		GeneralNames names = new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.iPAddress, "192.0.2.10"),
				new GeneralName(GeneralName.dNSName, "app.example.com"),
				new GeneralName(GeneralName.rfc822Name, "admin@example.com") });
		CertificateBundle bundle = bundle(this.authority.issue(this.keyPair, names, TestCertificates.LEAF_NOT_BEFORE,
				TestCertificates.LEAF_NOT_AFTER, BigInteger.TEN));
		assertThat(bundle.dnsNames()).containsExactly("app.example.com");
	}

	@Test
	void dnsNamesIsEmptyWithoutSubjectAlternativeNames() {
		CertificateBundle bundle = bundle(this.authority.issue(this.keyPair, null, TestCertificates.LEAF_NOT_BEFORE,
				TestCertificates.LEAF_NOT_AFTER, BigInteger.TEN));
		assertThat(bundle.dnsNames()).isEmpty();
	}

	@Test
	void serialNumberIsLowerCaseHexadecimal() {
		BigInteger serial = new BigInteger("0ABCDEF0123456789", 16);
		CertificateBundle bundle = bundle(this.authority.issue(this.keyPair, null, TestCertificates.LEAF_NOT_BEFORE,
				TestCertificates.LEAF_NOT_AFTER, serial));
		assertThat(bundle.serialNumber()).isEqualTo("abcdef0123456789");
	}

	@Test
	void serialNumberOmitsLeadingZeros() {
		assertThat(CertificateBundle.serialNumber(BigInteger.valueOf(0x0f))).isEqualTo("f");
	}

	@Test
	void notBeforeIsStartOfLeafValidity() {
		CertificateBundle bundle = bundle(leaf(List.of("app.example.com")));
		assertThat(bundle.notBefore()).isEqualTo(TestCertificates.LEAF_NOT_BEFORE);
	}

	@Test
	void notAfterIsEndOfLeafValidity() {
		CertificateBundle bundle = bundle(leaf(List.of("app.example.com")));
		assertThat(bundle.notAfter()).isEqualTo(TestCertificates.LEAF_NOT_AFTER);
	}

	@Test
	void lifetimeIsLeafValidityPeriod() {
		Instant notBefore = TestCertificates.NOW;
		Instant notAfter = notBefore.plus(Duration.ofDays(6)).plusSeconds(30);
		CertificateBundle bundle = bundle(
				this.authority.issue(this.keyPair, List.of("app.example.com"), notBefore, notAfter));
		assertThat(bundle.lifetime()).isEqualTo(Duration.ofDays(6).plusSeconds(30));
	}

	@Test
	void coversNamesListedDirectly() {
		CertificateBundle bundle = bundle(leaf(List.of("app.example.com", "www.example.com")));
		assertThat(bundle.covers(List.of("www.example.com", "app.example.com"))).isTrue();
	}

	@Test
	void coversRequiresEveryName() {
		CertificateBundle bundle = bundle(leaf(List.of("app.example.com")));
		assertThat(bundle.covers(List.of("app.example.com", "www.example.com"))).isFalse();
	}

	@Test
	void coversHostsThroughWildcard() {
		CertificateBundle bundle = bundle(leaf(List.of("*.example.com")));
		assertThat(bundle.covers(List.of("app.example.com", "www.example.com"))).isTrue();
	}

	@Test
	void coversNotBaseOfWildcard() {
		CertificateBundle bundle = bundle(leaf(List.of("*.example.com")));
		assertThat(bundle.covers(List.of("example.com"))).isFalse();
	}

	@Test
	void coversNotWildcardThroughHostNames() {
		CertificateBundle bundle = bundle(leaf(List.of("app.example.com", "www.example.com")));
		assertThat(bundle.covers(List.of("*.example.com"))).isFalse();
	}

	@Test
	void coversNamesWrittenInUpperCaseInCertificate() {
		CertificateBundle bundle = bundle(leaf(List.of("APP.Example.com")));
		assertThat(bundle.covers(List.of("app.example.com"))).isTrue();
	}

	private X509Certificate leaf(List<String> names) {
		return this.authority.issue(this.keyPair, names);
	}

	private CertificateBundle bundle(X509Certificate leaf) {
		return new CertificateBundle(List.of(leaf, this.authority.certificate()), this.keyPair.getPrivate());
	}

}

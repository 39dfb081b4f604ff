package dev.acmeboot.autoconfigure.certificate;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds certificate authorities and leaf certificates for tests, with fixed validity
 * periods around {@link #NOW}.
 */
final class TestCertificates {

	/**
	 * The time that {@link #CLOCK} returns, a whole second because X.509 validity has
	 * second precision.
	 */
	static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

	static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	/**
	 * Start of the default leaf validity, one day before {@link #NOW}.
	 */
	static final Instant LEAF_NOT_BEFORE = NOW.minus(Duration.ofDays(1));

	/**
	 * End of the default leaf validity, 90 days after {@link #LEAF_NOT_BEFORE}.
	 */
	static final Instant LEAF_NOT_AFTER = LEAF_NOT_BEFORE.plus(Duration.ofDays(90));

	private static final AtomicLong SERIAL = new AtomicLong(1000);

	private TestCertificates() {
	}

	/**
	 * Creates a self-signed root authority with a new EC P-256 key.
	 * @param commonName the common name of the subject
	 * @return the authority
	 */
	static Authority authority(String commonName) {
		KeyPair keyPair = KeyType.EC_P256.generateKeyPair();
		X500Name subject = new X500Name("CN=" + commonName);
		X509Certificate certificate = build(subject, subject, keyPair.getPrivate(), keyPair.getPublic(),
				NOW.minus(Duration.ofDays(365)), NOW.plus(Duration.ofDays(365)), nextSerial(), true, null);
		return new Authority(subject, certificate, keyPair);
	}

	private static BigInteger nextSerial() {
		return BigInteger.valueOf(SERIAL.incrementAndGet());
	}

	private static X509Certificate build(X500Name issuer, X500Name subject, PrivateKey issuerKey,
			PublicKey subjectKey, Instant notBefore, Instant notAfter, BigInteger serial,
			boolean authority, GeneralNames subjectAlternativeNames) {
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore),
				Date.from(notAfter), subject, subjectKey);
		try {
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
			if (subjectAlternativeNames != null) {
				builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames);
			}
			String algorithm = "RSA".equals(issuerKey.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
			ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(issuerKey);
			return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
		}
		catch (OperatorCreationException | GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Unable to build a test certificate for " + subject, ex);
		}
	}

	private static GeneralNames dnsNames(List<String> names) {
		return new GeneralNames(names.stream()
			.map((name) -> new GeneralName(GeneralName.dNSName, name))
			.toArray(GeneralName[]::new));
	}

	/**
	 * A certificate authority that signs test certificates.
	 *
	 * @param name the subject name
	 * @param certificate the authority's certificate
	 * @param keyPair the authority's key pair
	 */
	record Authority(X500Name name, X509Certificate certificate, KeyPair keyPair) {

		/**
		 * Issues an intermediate authority with a new EC P-256 key.
		 * @param commonName the common name of the intermediate
		 * @return the intermediate authority
		 */
		Authority intermediate(String commonName) {
			KeyPair intermediateKeyPair = KeyType.EC_P256.generateKeyPair();
			X500Name subject = new X500Name("CN=" + commonName);
			X509Certificate intermediate = build(this.name, subject, this.keyPair.getPrivate(),
					intermediateKeyPair.getPublic(), NOW.minus(Duration.ofDays(180)), NOW.plus(Duration.ofDays(180)),
					nextSerial(), true, null);
			return new Authority(subject, intermediate, intermediateKeyPair);
		}

		/**
		 * Issues a leaf certificate for DNS names, valid from {@link #LEAF_NOT_BEFORE} to
		 * {@link #LEAF_NOT_AFTER}.
		 * @param subjectKeyPair the key pair of the leaf
		 * @param names the DNS names of the subject alternative name extension
		 * @return the leaf certificate
		 */
		X509Certificate issue(KeyPair subjectKeyPair, List<String> names) {
			return issue(subjectKeyPair, names, LEAF_NOT_BEFORE, LEAF_NOT_AFTER);
		}

		/**
		 * Issues a leaf certificate for DNS names with the given validity.
		 * @param subjectKeyPair the key pair of the leaf
		 * @param names the DNS names of the subject alternative name extension
		 * @param notBefore the start of the validity
		 * @param notAfter the end of the validity
		 * @return the leaf certificate
		 */
		X509Certificate issue(KeyPair subjectKeyPair, List<String> names, Instant notBefore, Instant notAfter) {
			return issue(subjectKeyPair, dnsNames(names), notBefore, notAfter, nextSerial());
		}

		/**
		 * Issues a leaf certificate with any subject alternative names.
		 * @param subjectKeyPair the key pair of the leaf
		 * @param names the subject alternative names, or {@code null} to leave out the
		 * extension
		 * @param notBefore the start of the validity
		 * @param notAfter the end of the validity
		 * @param serial the serial number
		 * @return the leaf certificate
		 */
		X509Certificate issue(KeyPair subjectKeyPair, GeneralNames names, Instant notBefore, Instant notAfter,
				BigInteger serial) {
			X500Name subject = new X500Name("CN=Test leaf " + serial);
			return build(this.name, subject, this.keyPair.getPrivate(), subjectKeyPair.getPublic(), notBefore, notAfter,
					serial, false, names);
		}

	}

}

package dev.acmeboot.autoconfigure.certificate;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Creates the self-signed placeholder certificate that is served until the CA has
 * issued a real one, so that the HTTPS port can start at once.
 *
 * @author ACME Spring Boot contributors
 */
public class SelfSignedCertificateFactory {

	/**
	 * Validity of a placeholder. It only has to outlast the first issuance, and the
	 * maintenance loop replaces it long before it ends.
	 */
	static final Duration VALIDITY = Duration.ofDays(30);

	/**
	 * How far the start of the validity lies in the past, to tolerate clients whose
	 * clocks run behind.
	 */
	private static final Duration BACKDATE = Duration.ofHours(1);

	/**
	 * Organization name of every placeholder, by which it is recognized in storage
	 * and in logs.
	 */
	public static final String ORGANIZATION = "ACME Spring Boot placeholder";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Clock clock;

	/**
	 * Creates a factory that dates certificates by the given clock.
	 * @param clock the clock for the validity period
	 */
	public SelfSignedCertificateFactory(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Creates a self-signed certificate with a new EC P-256 key for the given names.
	 * @param names normalized names, first name first, not empty
	 * @return the certificate and its key
	 */
	public CertificateBundle create(List<String> names) {
		KeyPair keyPair = KeyType.EC_P256.generateKeyPair();
		Instant now = this.clock.instant();
		X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, ORGANIZATION)
			.addRDN(BCStyle.CN, names.get(0))
			.build();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, RANDOM).add(BigInteger.ONE),
				Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), subject, keyPair.getPublic());
		try {
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
			builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
			builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames(names));
			ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate());
			X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
			return new CertificateBundle(List.of(certificate), keyPair.getPrivate());
		}
		catch (CertIOException | OperatorCreationException | GeneralSecurityException ex) {
			throw new IllegalStateException("Unable to create a self-signed certificate for " + names, ex);
		}
	}

	/**
	 * Returns whether the certificate is a placeholder made by this class.
	 * @param certificate the certificate to inspect
	 * @return whether the subject carries the placeholder organization name
	 */
	public static boolean isPlaceholder(X509Certificate certificate) {
		return certificate.getSubjectX500Principal().getName().contains("O=" + ORGANIZATION);
	}

	private static GeneralNames subjectAlternativeNames(List<String> names) {
		return new GeneralNames(names.stream()
			.map((name) -> new GeneralName(GeneralName.dNSName, name))
			.toArray(GeneralName[]::new));
	}

}

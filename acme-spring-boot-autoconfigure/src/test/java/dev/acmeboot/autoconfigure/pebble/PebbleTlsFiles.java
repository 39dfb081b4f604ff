package dev.acmeboot.autoconfigure.pebble;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
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
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * PEM files for the HTTPS listener of a Pebble process: a throwaway CA certificate and a
 * listener certificate for {@code localhost} and {@code 127.0.0.1} that this CA signs.
 *
 * <p>Keys are EC P-256 and are signed through the JDK's default providers, so no
 * BouncyCastle provider is registered with the JVM.
 */
final class PebbleTlsFiles {

	private static final Duration VALIDITY = Duration.ofDays(7);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Path caCertificate;

	private final Path listenerCertificate;

	private final Path listenerPrivateKey;

	private PebbleTlsFiles(Path caCertificate, Path listenerCertificate, Path listenerPrivateKey) {
		this.caCertificate = caCertificate;
		this.listenerCertificate = listenerCertificate;
		this.listenerPrivateKey = listenerPrivateKey;
	}

	/**
	 * Generates a new CA and listener certificate and writes them to {@code directory} as
	 * {@code ca.pem}, {@code listener-cert.pem} and {@code listener-key.pem}. The CA
	 * private key is never written.
	 * @param directory an existing directory
	 * @return the paths of the written files
	 */
	static PebbleTlsFiles generate(Path directory) {
		try {
			KeyPair caKeys = newKeyPair();
			X509Certificate ca = createCaCertificate(caKeys);
			KeyPair listenerKeys = newKeyPair();
			X509Certificate listener = createListenerCertificate(ca, caKeys.getPrivate(), listenerKeys);

			Path caFile = directory.resolve("ca.pem");
			Path certificateFile = directory.resolve("listener-cert.pem");
			Path keyFile = directory.resolve("listener-key.pem");
			writePem(caFile, new JcaMiscPEMGenerator(ca));
			writePem(certificateFile, new JcaMiscPEMGenerator(listener));
			writePem(keyFile, new JcaPKCS8Generator(listenerKeys.getPrivate(), null));
			return new PebbleTlsFiles(caFile, certificateFile, keyFile);
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("Failed to generate the TLS certificates for Pebble", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to write the TLS certificates for Pebble to " + directory, ex);
		}
	}

	/**
	 * Returns the PEM file of the CA certificate that signs the listener certificate.
	 * @return the CA certificate file
	 */
	Path caCertificate() {
		return this.caCertificate;
	}

	/**
	 * Returns the PEM file of the listener certificate.
	 * @return the listener certificate file
	 */
	Path listenerCertificate() {
		return this.listenerCertificate;
	}

	/**
	 * Returns the PEM file of the listener's PKCS#8 private key.
	 * @return the listener key file
	 */
	Path listenerPrivateKey() {
		return this.listenerPrivateKey;
	}

	private static KeyPair newKeyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
		return generator.generateKeyPair();
	}

	private static X509Certificate createCaCertificate(KeyPair keys)
			throws GeneralSecurityException, CertIOException, OperatorCreationException {
		X500Name name = new X500Name("CN=Pebble listener test CA");
		Instant now = Instant.now();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, randomSerial(),
				Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), name, keys.getPublic());
		JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
		builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
		builder.addExtension(Extension.subjectKeyIdentifier, false,
				extensions.createSubjectKeyIdentifier(keys.getPublic()));
		return sign(builder, keys.getPrivate());
	}

	private static X509Certificate createListenerCertificate(X509Certificate ca, PrivateKey caKey, KeyPair keys)
			throws GeneralSecurityException, CertIOException, OperatorCreationException {
		Instant now = Instant.now();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, randomSerial(),
				Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)),
				new X500Name("CN=localhost"), keys.getPublic());
		JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
		builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
		builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
		builder.addExtension(Extension.subjectAlternativeName, false,
				new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.dNSName, "localhost"),
						new GeneralName(GeneralName.iPAddress, "127.0.0.1") }));
		builder.addExtension(Extension.subjectKeyIdentifier, false,
				extensions.createSubjectKeyIdentifier(keys.getPublic()));
		builder.addExtension(Extension.authorityKeyIdentifier, false,
				extensions.createAuthorityKeyIdentifier(ca));
		return sign(builder, caKey);
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
			throws GeneralSecurityException, OperatorCreationException {
		ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(signingKey);
		return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
	}

	private static BigInteger randomSerial() {
		// 127 random bits give a positive serial that fits the 20-octet limit of RFC 5280.
		return new BigInteger(127, RANDOM).setBit(0);
	}

	private static void writePem(Path file, PemObjectGenerator pem) throws IOException {
		try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
				JcaPEMWriter pemWriter = new JcaPEMWriter(writer)) {
			pemWriter.writeObject(pem);
		}
	}

}

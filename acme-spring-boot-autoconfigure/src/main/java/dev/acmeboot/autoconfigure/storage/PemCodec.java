package dev.acmeboot.autoconfigure.storage;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPrivateKeySpec;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Reads and writes certificates and keys as PEM text. Reading tolerates a byte order
 * mark, CRLF line endings and blank lines between blocks.
 *
 * @author ACME Spring Boot contributors
 */
public final class PemCodec {

	private static final char BYTE_ORDER_MARK = '\uFEFF';

	private PemCodec() {
	}

	/**
	 * Encodes certificates as consecutive PEM blocks.
	 * @param certificates the certificates, in order
	 * @return the PEM text
	 */
	public static String encodeCertificates(List<X509Certificate> certificates) {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			for (X509Certificate certificate : certificates) {
				writer.writeObject(certificate);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Unable to encode certificates as PEM", ex);
		}
		return text.toString();
	}

	/**
	 * Encodes a private key as an unencrypted PKCS#8 PEM block.
	 * @param privateKey the key
	 * @return the PEM text
	 */
	public static String encodePrivateKey(PrivateKey privateKey) {
		return encode(new PemObject("PRIVATE KEY", privateKey.getEncoded()));
	}

	/**
	 * Encodes a key pair in the OpenSSL format, which keeps the public key beside the
	 * private key.
	 * @param keyPair the key pair
	 * @return the PEM text
	 */
	public static String encodeKeyPair(KeyPair keyPair) {
		if (keyPair.getPrivate() instanceof ECPrivateKey privateKey) {
			return encode(new PemObject("EC PRIVATE KEY", encodeEcKeyPair(privateKey, keyPair.getPublic())));
		}
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			writer.writeObject(keyPair);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Unable to encode a key pair as PEM", ex);
		}
		return text.toString();
	}

	/**
	 * Encodes an EC key pair as an RFC 5915 ECPrivateKey structure that includes the
	 * public key. The JDK's encoding of an EC private key leaves the public key out, and
	 * without it the key pair cannot be decoded again.
	 */
	private static byte[] encodeEcKeyPair(ECPrivateKey privateKey, PublicKey publicKey) {
		PrivateKeyInfo privateKeyInfo = PrivateKeyInfo.getInstance(privateKey.getEncoded());
		SubjectPublicKeyInfo publicKeyInfo = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
		try {
			return new org.bouncycastle.asn1.sec.ECPrivateKey(privateKey.getParams().getOrder().bitLength(),
					privateKey.getS(), publicKeyInfo.getPublicKeyData(),
					privateKeyInfo.getPrivateKeyAlgorithm().getParameters())
				.getEncoded();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Unable to encode an EC key pair", ex);
		}
	}

	/**
	 * Decodes every certificate in the text.
	 * @param pem PEM text
	 * @return the certificates in order
	 * @throws IOException if the text contains something other than certificates, or none
	 */
	public static List<X509Certificate> decodeCertificates(String pem) throws IOException {
		List<X509Certificate> certificates = new ArrayList<>();
		JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
		for (Object object : parse(pem)) {
			if (!(object instanceof X509CertificateHolder holder)) {
				throw new IOException("Expected only certificates but found " + object.getClass().getSimpleName());
			}
			try {
				certificates.add(converter.getCertificate(holder));
			}
			catch (CertificateException ex) {
				throw new IOException("Unable to decode a certificate: " + ex.getMessage(), ex);
			}
		}
		if (certificates.isEmpty()) {
			throw new IOException("No certificate found");
		}
		return certificates;
	}

	/**
	 * Decodes the private key in the text, in PKCS#8 or OpenSSL format.
	 * @param pem PEM text
	 * @return the private key
	 * @throws IOException if the text contains no single unencrypted private key
	 */
	public static PrivateKey decodePrivateKey(String pem) throws IOException {
		Object object = single(pem, "private key");
		JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
		if (object instanceof PrivateKeyInfo info) {
			return converter.getPrivateKey(info);
		}
		if (object instanceof PEMKeyPair keyPair) {
			return withoutPublicKey(converter.getKeyPair(keyPair).getPrivate());
		}
		throw new IOException("Expected an unencrypted private key but found " + object.getClass().getSimpleName());
	}

	/**
	 * Decodes a key pair written by {@link #encodeKeyPair(KeyPair)}.
	 * @param pem PEM text
	 * @return the key pair
	 * @throws IOException if the text contains no single key pair
	 */
	public static KeyPair decodeKeyPair(String pem) throws IOException {
		Object object = single(pem, "key pair");
		if (object instanceof PEMKeyPair keyPair) {
			KeyPair decoded = new JcaPEMKeyConverter().getKeyPair(keyPair);
			return new KeyPair(decoded.getPublic(), withoutPublicKey(decoded.getPrivate()));
		}
		throw new IOException("Expected a key pair but found " + object.getClass().getSimpleName());
	}

	/**
	 * Rebuilds an EC private key from its value alone. A key decoded from an OpenSSL
	 * key pair block keeps the public key in its encoding, so without this it would not
	 * equal the key that was encoded.
	 */
	private static PrivateKey withoutPublicKey(PrivateKey privateKey) throws IOException {
		if (!(privateKey instanceof ECPrivateKey ecKey)) {
			return privateKey;
		}
		try {
			return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(ecKey.getS(), ecKey.getParams()));
		}
		catch (GeneralSecurityException ex) {
			throw new IOException("Unable to decode the EC private key: " + ex.getMessage(), ex);
		}
	}

	private static Object single(String pem, String description) throws IOException {
		List<Object> objects = parse(pem);
		if (objects.size() != 1) {
			throw new IOException("Expected one " + description + " but found " + objects.size() + " PEM blocks");
		}
		return objects.get(0);
	}

	private static List<Object> parse(String pem) throws IOException {
		String text = (!pem.isEmpty() && pem.charAt(0) == BYTE_ORDER_MARK) ? pem.substring(1) : pem;
		List<Object> objects = new ArrayList<>();
		try (PEMParser parser = new PEMParser(new StringReader(text))) {
			Object object;
			while ((object = parser.readObject()) != null) {
				objects.add(object);
			}
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			throw new IOException("Malformed PEM: " + ex.getMessage(), ex);
		}
		return objects;
	}

	private static String encode(PemObject object) {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			writer.writeObject(object);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Unable to encode PEM", ex);
		}
		return text.toString();
	}

}

package dev.acmeboot.autoconfigure.certificate;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.EllipticCurve;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Key types that ACME CAs such as Let's Encrypt accept for certificates: RSA with 2048,
 * 3072 or 4096 bits and ECDSA on the P-256 or P-384 curve.
 *
 * @author ACME Spring Boot contributors
 */
public enum KeyType {

	/**
	 * ECDSA on the NIST P-256 curve (secp256r1).
	 */
	EC_P256("EC", "secp256r1", 256),

	/**
	 * ECDSA on the NIST P-384 curve (secp384r1).
	 */
	EC_P384("EC", "secp384r1", 384),

	/**
	 * RSA with a 2048-bit modulus.
	 */
	RSA_2048("RSA", null, 2048),

	/**
	 * RSA with a 3072-bit modulus.
	 */
	RSA_3072("RSA", null, 3072),

	/**
	 * RSA with a 4096-bit modulus.
	 */
	RSA_4096("RSA", null, 4096);

	private final String algorithm;

	private final @Nullable String curve;

	private final int size;

	KeyType(String algorithm, @Nullable String curve, int size) {
		this.algorithm = algorithm;
		this.curve = curve;
		this.size = size;
	}

	/**
	 * Creates a new key pair of this type with the JDK's own providers.
	 * @return the new key pair
	 */
	public KeyPair generateKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(this.algorithm);
			if (this.curve != null) {
				generator.initialize(new ECGenParameterSpec(this.curve));
			}
			else {
				generator.initialize(this.size);
			}
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Unable to generate a " + this + " key pair", ex);
		}
	}

	/**
	 * Returns the key type of the given public key, if it is one of the supported types.
	 * @param publicKey the key to inspect
	 * @return the matching key type, or empty for any other algorithm, curve or size
	 */
	public static Optional<KeyType> of(PublicKey publicKey) {
		for (KeyType type : values()) {
			if (type.matches(publicKey)) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

	private boolean matches(PublicKey publicKey) {
		if (publicKey instanceof ECPublicKey ecKey) {
			// Compare the curve itself, because other curves such as brainpoolP256r1 have
			// the same size, and the algorithm name differs between providers.
			return this.curve != null && ecKey.getParams().getCurve().equals(namedCurve(this.curve));
		}
		if (publicKey instanceof RSAPublicKey rsaKey) {
			return this.curve == null && rsaKey.getModulus().bitLength() == this.size;
		}
		return false;
	}

	private static EllipticCurve namedCurve(String name) {
		try {
			AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
			parameters.init(new ECGenParameterSpec(name));
			return parameters.getParameterSpec(ECParameterSpec.class).getCurve();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The JDK does not support the EC curve " + name, ex);
		}
	}

	/**
	 * Returns the property value of this type, such as {@code ec-p256}.
	 */
	@Override
	public String toString() {
		return name().toLowerCase().replace('_', '-');
	}

}

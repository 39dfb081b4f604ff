package dev.acmeboot.autoconfigure.certificate;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Checks a certificate bundle before it is stored or served: the private key matches
 * the leaf, the leaf names every requested name, each certificate is signed by the next
 * one in the chain, and the leaf is valid now.
 *
 * @author ACME Spring Boot contributors
 */
public class CertificateVerifier {

	private final Clock clock;

	/**
	 * Creates a verifier that reads the time from the given clock.
	 * @param clock the clock that says what "now" is
	 */
	public CertificateVerifier(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Verifies the bundle for the given names.
	 * @param bundle the chain and key to check
	 * @param names the normalized names the leaf must cover
	 * @throws CertificateVerificationException if any check fails
	 */
	public void verify(CertificateBundle bundle, Collection<String> names) {
		verifyKeyMatches(bundle);
		verifyNames(bundle, names);
		verifyChain(bundle.chain());
		verifyValidity(bundle);
	}

	/**
	 * Checks that the bundle's private key belongs to the public key of its leaf, by
	 * signing random bytes and verifying the signature.
	 * @param bundle the chain and key to check
	 * @return whether the key matches the leaf
	 */
	public static boolean keyMatches(CertificateBundle bundle) {
		return canSign(bundle.privateKey(), bundle.leaf().getPublicKey());
	}

	private void verifyKeyMatches(CertificateBundle bundle) {
		if (!keyMatches(bundle)) {
			throw new CertificateVerificationException("the private key does not match the certificate's public key");
		}
	}

	private void verifyNames(CertificateBundle bundle, Collection<String> names) {
		if (!bundle.covers(names)) {
			throw new CertificateVerificationException(
					"the certificate names " + bundle.dnsNames() + " but " + names + " were requested");
		}
	}

	private void verifyChain(List<X509Certificate> chain) {
		for (int i = 0; i + 1 < chain.size(); i++) {
			X509Certificate certificate = chain.get(i);
			X509Certificate issuer = chain.get(i + 1);
			try {
				certificate.verify(issuer.getPublicKey());
			}
			catch (GeneralSecurityException ex) {
				throw new CertificateVerificationException("certificate " + (i + 1) + " of the chain ('"
						+ certificate.getSubjectX500Principal().getName() + "') is not signed by the next one ('"
						+ issuer.getSubjectX500Principal().getName() + "')");
			}
		}
	}

	private void verifyValidity(CertificateBundle bundle) {
		Instant now = this.clock.instant();
		if (now.isBefore(bundle.notBefore())) {
			throw new CertificateVerificationException("the certificate is not valid before " + bundle.notBefore());
		}
		if (!now.isBefore(bundle.notAfter())) {
			throw new CertificateVerificationException("the certificate expired at " + bundle.notAfter());
		}
	}

	private static boolean canSign(PrivateKey privateKey, PublicKey publicKey) {
		// The algorithm name of an EC key depends on its provider: "EC" for the JDK, "ECDSA"
		// for keys that Bouncy Castle's provider decoded.
		String algorithm = (privateKey instanceof ECKey) ? "SHA256withECDSA" : "SHA256withRSA";
		byte[] challenge = new byte[32];
		ThreadLocalRandom.current().nextBytes(challenge);
		try {
			Signature signer = Signature.getInstance(algorithm);
			signer.initSign(privateKey);
			signer.update(challenge);
			byte[] signature = signer.sign();
			Signature verifier = Signature.getInstance(algorithm);
			verifier.initVerify(publicKey);
			verifier.update(challenge);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

}

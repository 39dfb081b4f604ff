package dev.acmeboot.autoconfigure.certificate;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Map;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KeyType}.
 */
class KeyTypeTests {

	@Test
	void ecP256GeneratesKeyOnP256Curve() throws GeneralSecurityException {
		KeyPair keyPair = KeyType.EC_P256.generateKeyPair();
		assertThat(keyPair.getPublic()).isInstanceOf(ECPublicKey.class);
		ECParameterSpec parameters = ((ECPublicKey) keyPair.getPublic()).getParams();
		assertThat(parameters.getCurve()).isEqualTo(namedCurve("secp256r1").getCurve());
		assertThat(parameters.getOrder().bitLength()).isEqualTo(256);
	}

	@Test
	void ecP384GeneratesKeyOnP384Curve() throws GeneralSecurityException {
		KeyPair keyPair = KeyType.EC_P384.generateKeyPair();
		assertThat(keyPair.getPublic()).isInstanceOf(ECPublicKey.class);
		ECParameterSpec parameters = ((ECPublicKey) keyPair.getPublic()).getParams();
		assertThat(parameters.getCurve()).isEqualTo(namedCurve("secp384r1").getCurve());
		assertThat(parameters.getOrder().bitLength()).isEqualTo(384);
	}

	@Test
	void rsa2048GeneratesKeyWith2048Bits() {
		KeyPair keyPair = KeyType.RSA_2048.generateKeyPair();
		assertThat(keyPair.getPublic()).isInstanceOf(RSAPublicKey.class);
		assertThat(((RSAPublicKey) keyPair.getPublic()).getModulus().bitLength()).isEqualTo(2048);
	}

	@Test
	void rsa3072GeneratesKeyWith3072Bits() {
		KeyPair keyPair = KeyType.RSA_3072.generateKeyPair();
		assertThat(keyPair.getPublic()).isInstanceOf(RSAPublicKey.class);
		assertThat(((RSAPublicKey) keyPair.getPublic()).getModulus().bitLength()).isEqualTo(3072);
	}

	@Test
	void rsa4096GeneratesKeyWith4096Bits() {
		KeyPair keyPair = KeyType.RSA_4096.generateKeyPair();
		assertThat(keyPair.getPublic()).isInstanceOf(RSAPublicKey.class);
		assertThat(((RSAPublicKey) keyPair.getPublic()).getModulus().bitLength()).isEqualTo(4096);
	}

	@Test
	void generateKeyPairCreatesNewKeyEachTime() {
		KeyPair first = KeyType.EC_P256.generateKeyPair();
		KeyPair second = KeyType.EC_P256.generateKeyPair();
		assertThat(first.getPublic().getEncoded()).isNotEqualTo(second.getPublic().getEncoded());
	}

	@ParameterizedTest
	@EnumSource
	void ofReturnsTypeOfGeneratedKey(KeyType type) {
		assertThat(KeyType.of(type.generateKeyPair().getPublic())).contains(type);
	}

	@Test
	void ofReturnsTypeOfBouncyCastleKey() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("ECDSA", new BouncyCastleProvider());
		generator.initialize(new ECGenParameterSpec("secp384r1"));
		assertThat(KeyType.of(generator.generateKeyPair().getPublic())).contains(KeyType.EC_P384);
	}

	@Test
	void ofIsEmptyForUnsupportedRsaSize() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(1024);
		assertThat(KeyType.of(generator.generateKeyPair().getPublic())).isEmpty();
	}

	@Test
	void ofIsEmptyForUnsupportedCurveSize() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp521r1"));
		assertThat(KeyType.of(generator.generateKeyPair().getPublic())).isEmpty();
	}

	@Test
	void ofIsEmptyForBrainpoolCurve() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
		generator.initialize(new ECGenParameterSpec("brainpoolP256r1"));
		assertThat(KeyType.of(generator.generateKeyPair().getPublic())).isEmpty();
	}

	@Test
	void ofIsEmptyForOtherAlgorithm() throws GeneralSecurityException {
		KeyPair keyPair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		assertThat(KeyType.of(keyPair.getPublic())).isEmpty();
	}

	@Test
	void toStringGivesPropertyValue() {
		assertThat(KeyType.EC_P256).hasToString("ec-p256");
		assertThat(KeyType.EC_P384).hasToString("ec-p384");
		assertThat(KeyType.RSA_2048).hasToString("rsa-2048");
		assertThat(KeyType.RSA_3072).hasToString("rsa-3072");
		assertThat(KeyType.RSA_4096).hasToString("rsa-4096");
	}

	@ParameterizedTest
	@EnumSource
	void toStringBindsToSameType(KeyType type) {
		MapConfigurationPropertySource source = new MapConfigurationPropertySource(
				Map.of("acme.key-type", type.toString()));
		assertThat(new Binder(source).bind("acme.key-type", KeyType.class).get()).isEqualTo(type);
	}

	private static ECParameterSpec namedCurve(String name) throws GeneralSecurityException {
		AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
		parameters.init(new ECGenParameterSpec(name));
		return parameters.getParameterSpec(ECParameterSpec.class);
	}

}

package dev.acmeboot.autoconfigure.challenge.dns;

import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.acmeboot.autoconfigure.diagnostics.AcmeConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Rfc2136Settings}.
 */
class Rfc2136SettingsTests {

	private static final String SECRET = "c2VjcmV0LW9mLXRoZS10ZXN0LWtleS0xMjM0NTY3ODk=";

	private static final List<String> DOMAINS = List.of("app.example.com", "*.app.example.com");

	@Test
	void validPropertiesAreAccepted() {
		Rfc2136Settings settings = Rfc2136Settings.of(valid(), DOMAINS);

		assertThat(settings.server()).isEqualTo(new DnsServerAddress("192.0.2.53", 5353));
		assertThat(settings.zone()).hasToString("example.com.");
		assertThat(settings.keyName()).hasToString("acme-key.");
		assertThat(settings.tsig()).isNotNull();
	}

	@Test
	void serverWithoutPortUsesPort53() {
		AcmeDnsProperties.Rfc2136 properties = valid();
		properties.setServer("ns1.example.com");

		assertThat(Rfc2136Settings.of(properties, DOMAINS).server())
			.isEqualTo(new DnsServerAddress("ns1.example.com", 53));
	}

	@Test
	void algorithmIsCaseInsensitive() {
		AcmeDnsProperties.Rfc2136 properties = valid();
		properties.setKeyAlgorithm("HMAC-SHA512");

		assertThat(Rfc2136Settings.of(properties, DOMAINS).toString()).contains("hmac-sha512.");
	}

	@Test
	void everyListedAlgorithmIsAccepted() {
		for (String algorithm : Rfc2136Settings.ALGORITHMS) {
			AcmeDnsProperties.Rfc2136 properties = valid();
			properties.setKeyAlgorithm(algorithm);

			assertThat(Rfc2136Settings.of(properties, DOMAINS).tsig()).as(algorithm).isNotNull();
		}
	}

	@Test
	void missingServerIsRejected() {
		assertRejected((properties) -> properties.setServer(null), "acme.dns.rfc2136.server", null);
	}

	@Test
	void malformedServerIsRejected() {
		assertRejected((properties) -> properties.setServer("ns1.example.com:dns"), "acme.dns.rfc2136.server",
				"ns1.example.com:dns");
		assertRejected((properties) -> properties.setServer("ns1.example.com:70000"), "acme.dns.rfc2136.server",
				"ns1.example.com:70000");
		assertRejected((properties) -> properties.setServer("[2001:db8::53"), "acme.dns.rfc2136.server",
				"[2001:db8::53");
	}

	@Test
	void missingZoneIsRejected() {
		assertRejected((properties) -> properties.setZone(" "), "acme.dns.rfc2136.zone", null);
	}

	@Test
	void invalidZoneIsRejected() {
		assertRejected((properties) -> properties.setZone("example..com"), "acme.dns.rfc2136.zone", "example..com");
	}

	@Test
	void missingKeyNameIsRejected() {
		assertRejected((properties) -> properties.setKeyName(null), "acme.dns.rfc2136.key-name", null);
	}

	@Test
	void unknownAlgorithmIsRejected() {
		AcmeConfigurationException ex = assertRejected((properties) -> properties.setKeyAlgorithm("hmac-sha3"),
				"acme.dns.rfc2136.key-algorithm", "hmac-sha3");

		assertThat(ex.getAction()).contains("hmac-sha256").contains("hmac-sha512");
	}

	@Test
	void missingSecretIsRejected() {
		assertRejected((properties) -> properties.setKeySecret(null), "acme.dns.rfc2136.key-secret", null);
	}

	@Test
	void invalidBase64SecretIsRejectedWithoutShowingIt() {
		String secret = "not base64 at all!";
		AcmeConfigurationException ex = assertRejected((properties) -> properties.setKeySecret(secret),
				"acme.dns.rfc2136.key-secret", "(hidden)");

		assertThat(ex.getMessage()).doesNotContain(secret).contains("not valid base64");
		assertThat(ex.getAction()).doesNotContain(secret);
		assertThat(ex.getCause()).isNull();
	}

	@Test
	void unresolvedPlaceholderSecretIsNamed() {
		AcmeConfigurationException ex = assertRejected(
				(properties) -> properties.setKeySecret("${ACME_TSIG_SECRET}"), "acme.dns.rfc2136.key-secret",
				"(hidden)");

		assertThat(ex.getMessage()).contains("unresolved placeholder");
		assertThat(ex.getAction()).contains("acme.dns.rfc2136.key-secret");
	}

	@Test
	void emptyDecodedSecretIsRejected() {
		assertRejected((properties) -> properties.setKeySecret("===="), "acme.dns.rfc2136.key-secret", "(hidden)");
	}

	@Test
	void domainOutsideZoneIsRejected() {
		AcmeDnsProperties.Rfc2136 properties = valid();

		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> Rfc2136Settings.of(properties, List.of("app.example.com", "app.example.org")))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.dns.rfc2136.zone"))
			.satisfies((ex) -> assertThat(ex.getValue()).isEqualTo("example.com."))
			.withMessageContaining("'_acme-challenge.app.example.org.'")
			.withMessageContaining("outside the zone 'example.com.'");
	}

	@Test
	void toStringHidesSecret() {
		assertThat(Rfc2136Settings.of(valid(), DOMAINS).toString()).doesNotContain(SECRET);
		assertThat(valid().toString()).doesNotContain(SECRET).contains("keySecret=(set)");
	}

	private static AcmeConfigurationException assertRejected(Consumer<AcmeDnsProperties.Rfc2136> change,
			String property, Object value) {
		AcmeDnsProperties.Rfc2136 properties = valid();
		change.accept(properties);
		AcmeConfigurationException[] thrown = new AcmeConfigurationException[1];
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> Rfc2136Settings.of(properties, DOMAINS))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo(property))
			.satisfies((ex) -> assertThat(ex.getValue()).isEqualTo(value))
			.satisfies((ex) -> assertThat(ex.getAction()).contains(property))
			.satisfies((ex) -> thrown[0] = ex);
		return thrown[0];
	}

	private static AcmeDnsProperties.Rfc2136 valid() {
		AcmeDnsProperties.Rfc2136 properties = new AcmeDnsProperties().getRfc2136();
		properties.setServer("192.0.2.53:5353");
		properties.setZone("example.com");
		properties.setKeyName("acme-key");
		properties.setKeySecret(SECRET);
		return properties;
	}

}

package dev.acmeboot.autoconfigure.challenge.dns;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.acmeboot.autoconfigure.pebble.BindServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link Rfc2136DnsProvider} against a real {@code named}.
 */
class Rfc2136DnsProviderTests {

	private static final String WRONG_SECRET = Base64.getEncoder()
		.encodeToString("not the secret of the test key".getBytes(StandardCharsets.US_ASCII));

	private static BindServer bind;

	@BeforeAll
	static void startBind() {
		bind = BindServer.start();
	}

	@AfterAll
	static void stopBind() {
		bind.close();
	}

	@Test
	void createAndDeleteKeepOtherValues() throws Exception {
		Rfc2136DnsProvider provider = provider(bind.keySecret(), BindServer.ZONE);
		String name = "_acme-challenge.app.example.test.";

		provider.createTxtRecord(name, "first");
		provider.createTxtRecord(name, "second");

		assertThat(bind.txtValues(name)).containsExactlyInAnyOrder("first", "second");

		provider.deleteTxtRecord(name, "first");

		assertThat(bind.txtValues(name)).containsExactly("second");

		provider.deleteTxtRecord(name, "second");

		assertThat(bind.txtValues(name)).isEmpty();
	}

	@Test
	void deleteOfMissingRecordSucceeds() throws Exception {
		Rfc2136DnsProvider provider = provider(bind.keySecret(), BindServer.ZONE);

		provider.deleteTxtRecord("_acme-challenge.www.app.example.test.", "never-created");

		assertThat(bind.txtValues("_acme-challenge.www.app.example.test.")).isEmpty();
	}

	@Test
	void wrongSecretFailsWithTsigError() {
		Rfc2136DnsProvider provider = provider(WRONG_SECRET, BindServer.ZONE);
		String name = "_acme-challenge.slow.example.test.";

		assertThatIOException().isThrownBy(() -> provider.createTxtRecord(name, "forged"))
			.withMessageContaining("Unable to add the record to zone 'example.test.' on " + bind.address())
			.withMessageContaining("NOTAUTH")
			.withMessageContaining("TSIG error BADSIG")
			.withMessageContaining("acme.dns.rfc2136.key-name, key-algorithm and key-secret")
			.withMessageNotContaining(WRONG_SECRET)
			.withMessageNotContaining(bind.keySecret());
		assertThat(bind.txtValues(name)).isEmpty();
	}

	@Test
	void unknownKeyFailsWithBadKey() {
		Rfc2136Settings settings = Rfc2136Settings.of(properties(bind.keySecret(), BindServer.ZONE, "other-key"),
				List.of("app.example.test"));
		Rfc2136DnsProvider provider = new Rfc2136DnsProvider(settings);

		assertThatIOException()
			.isThrownBy(() -> provider.createTxtRecord("_acme-challenge.app.example.test.", "unknown-key"))
			.withMessageContaining("TSIG error BADKEY")
			.withMessageContaining("'other-key.'");
	}

	@Test
	void zoneWithoutUpdatesFailsWithRefused() {
		Rfc2136DnsProvider provider = provider(bind.keySecret(), BindServer.STATIC_ZONE);

		assertThatIOException()
			.isThrownBy(() -> provider.createTxtRecord("_acme-challenge.static.test.", "refused"))
			.withMessageContaining("REFUSED")
			.withMessageContaining("allow-update or update-policy");
		assertThat(bind.txtValues("_acme-challenge.static.test.")).isEmpty();
	}

	@Test
	void zoneNotServedFailsWithNotAuth() {
		Rfc2136DnsProvider provider = provider(bind.keySecret(), "other.test");

		assertThatIOException()
			.isThrownBy(() -> provider.createTxtRecord("_acme-challenge.app.other.test.", "not-served"))
			.withMessageContaining("NOTAUTH")
			.withMessageContaining("primary server of zone 'other.test.'");
	}

	@Test
	void recordOutsideZoneIsNotSent() {
		Rfc2136DnsProvider provider = provider(bind.keySecret(), BindServer.ZONE);

		assertThatIOException()
			.isThrownBy(() -> provider.createTxtRecord("_acme-challenge.app.static.test.", "outside"))
			.withMessageContaining("outside the zone 'example.test.'");
	}

	@Test
	void stoppedServerFailsWithServerAddress() throws Exception {
		BindServer stopped = BindServer.start();
		String address = stopped.address();
		stopped.close();
		AcmeDnsProperties.Rfc2136 properties = properties(bind.keySecret(), BindServer.ZONE, bind.keyName());
		properties.setServer(address);
		Rfc2136DnsProvider provider = new Rfc2136DnsProvider(
				Rfc2136Settings.of(properties, List.of("app.example.test")));

		assertThatIOException()
			.isThrownBy(() -> provider.createTxtRecord("_acme-challenge.app.example.test.", "unreachable"))
			.withMessageContaining("on " + address);
	}

	@Test
	void toStringHidesSecret() {
		assertThat(provider(bind.keySecret(), BindServer.ZONE).toString()).contains("acme-test-key")
			.doesNotContain(bind.keySecret());
	}

	private static Rfc2136DnsProvider provider(String secret, String zone) {
		String domain = "app." + zone;
		return new Rfc2136DnsProvider(Rfc2136Settings.of(properties(secret, zone, bind.keyName()), List.of(domain)));
	}

	private static AcmeDnsProperties.Rfc2136 properties(String secret, String zone, String keyName) {
		AcmeDnsProperties.Rfc2136 properties = new AcmeDnsProperties().getRfc2136();
		properties.setServer(bind.address());
		properties.setZone(zone);
		properties.setKeyName(keyName);
		properties.setKeyAlgorithm(bind.keyAlgorithm());
		properties.setKeySecret(secret);
		return properties;
	}

}

package dev.acmeboot.autoconfigure.challenge.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.SimpleResolver;

import dev.acmeboot.autoconfigure.issuance.IssuanceException;
import dev.acmeboot.autoconfigure.pebble.BindServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link AuthoritativePropagationCheck} and {@link AuthoritativeServers}
 * against a real {@code named}.
 */
class AuthoritativePropagationCheckTests {

	private static final Duration INTERVAL = Duration.ofMillis(100);

	private static BindServer bind;

	private static Rfc2136DnsProvider provider;

	@BeforeAll
	static void startBind() {
		bind = BindServer.start();
		AcmeDnsProperties.Rfc2136 properties = new AcmeDnsProperties().getRfc2136();
		properties.setServer(bind.address());
		properties.setZone(BindServer.ZONE);
		properties.setKeyName(bind.keyName());
		properties.setKeySecret(bind.keySecret());
		provider = new Rfc2136DnsProvider(Rfc2136Settings.of(properties, List.of("app.example.test")));
	}

	@AfterAll
	static void stopBind() {
		bind.close();
	}

	@Test
	void visibleRecordsReturnAtOnce() throws Exception {
		String name = "_acme-challenge.app.example.test.";
		provider.createTxtRecord(name, "base");
		provider.createTxtRecord(name, "wildcard");
		try {
			long start = System.nanoTime();

			check(Duration.ofSeconds(10)).await(List.of(new TxtRecord(name, "base"), new TxtRecord(name, "wildcard")));

			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		}
		finally {
			provider.deleteTxtRecord(name, "base");
			provider.deleteTxtRecord(name, "wildcard");
		}
	}

	@Test
	void recordCreatedLaterIsAwaited() throws Exception {
		String name = "_acme-challenge.www.app.example.test.";
		CompletableFuture<Void> creation = CompletableFuture.runAsync(() -> {
			try {
				Thread.sleep(500);
				provider.createTxtRecord(name, "late");
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		try {
			check(Duration.ofSeconds(10)).await(List.of(new TxtRecord(name, "late")));

			assertThat(creation).isDone();
			assertThat(bind.txtValues(name)).containsExactly("late");
		}
		finally {
			creation.get(10, TimeUnit.SECONDS);
			provider.deleteTxtRecord(name, "late");
		}
	}

	@Test
	void missingRecordTimesOutNamingRecord() {
		String name = "_acme-challenge.slow.example.test.";
		long start = System.nanoTime();

		assertThatExceptionOfType(IssuanceException.class)
			.isThrownBy(() -> check(Duration.ofSeconds(1)).await(List.of(new TxtRecord(name, "missing"))))
			.withMessageContaining("The TXT record '" + name + "' with value 'missing' is not visible on")
			.withMessageContaining(bind.address())
			.withMessageContaining("after 1 s (")
			.withMessageContaining("last response: NXDOMAIN")
			.withMessageContaining("acme.dns.propagation-timeout");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
	}

	@Test
	void oneOfTwoValuesTimesOutNamingMissingValue() throws Exception {
		String name = "_acme-challenge.exec.example.test.";
		provider.createTxtRecord(name, "present");
		try {
			assertThatExceptionOfType(IssuanceException.class)
				.isThrownBy(() -> check(Duration.ofMillis(500))
					.await(List.of(new TxtRecord(name, "present"), new TxtRecord(name, "absent"))))
				.withMessageContaining("'" + name + "' with value 'absent'")
				.withMessageContaining("last response: TXT values [present]");
		}
		finally {
			provider.deleteTxtRecord(name, "present");
		}
	}

	@Test
	void nameServerLookupFindsZoneServers() throws Exception {
		AuthoritativeServers servers = AuthoritativeServers.lookUpNameServers(resolver(), bind.port());

		List<InetSocketAddress> found = servers.find(Name.fromString("_acme-challenge.app.example.test."));

		assertThat(found).containsExactly(new InetSocketAddress("127.0.0.1", bind.port()));
	}

	@Test
	void nameServerLookupFailsForUnknownZone() throws Exception {
		AuthoritativeServers servers = AuthoritativeServers.lookUpNameServers(resolver(), bind.port());

		assertThatIOException().isThrownBy(() -> servers.find(Name.fromString("_acme-challenge.app.other.test.")))
			.withMessageContaining("Found no SOA record for '_acme-challenge.app.other.test.'")
			.withMessageContaining("acme.dns.propagation-servers");
	}

	@Test
	void lookupFailureNamesRecord() throws Exception {
		AuthoritativeServers servers = AuthoritativeServers.lookUpNameServers(resolver(), bind.port());
		AuthoritativePropagationCheck check = new AuthoritativePropagationCheck(servers, Duration.ofSeconds(1),
				INTERVAL);

		assertThatExceptionOfType(IssuanceException.class)
			.isThrownBy(() -> check.await(List.of(new TxtRecord("_acme-challenge.app.other.test.", "value"))))
			.withMessageContaining("Unable to find the authoritative servers for the TXT record "
					+ "'_acme-challenge.app.other.test.' with value 'value'");
	}

	private static AuthoritativePropagationCheck check(Duration timeout) {
		AuthoritativeServers servers = AuthoritativeServers.of(List.of(new DnsServerAddress("127.0.0.1", bind.port())));
		return new AuthoritativePropagationCheck(servers, timeout, INTERVAL);
	}

	private static SimpleResolver resolver() {
		SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", bind.port()));
		resolver.setTimeout(Duration.ofSeconds(2));
		return resolver;
	}

}

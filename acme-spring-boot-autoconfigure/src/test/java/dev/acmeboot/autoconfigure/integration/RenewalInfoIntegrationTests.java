package dev.acmeboot.autoconfigure.integration;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.event.CertificateOrderStartedEvent;
import dev.acmeboot.autoconfigure.event.CertificateRenewalFailedEvent;
import dev.acmeboot.autoconfigure.pebble.AcmeDirectoryStub;
import dev.acmeboot.autoconfigure.pebble.PebbleServer;
import dev.acmeboot.autoconfigure.ssl.CertificateState;
import dev.acmeboot.autoconfigure.storage.CertificateStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Renewal driven by ACME Renewal Information (RFC 9773) and by the CA's Retry-After on
 * rate limits. Pebble 2.4 offers neither, so {@link AcmeDirectoryStub}, a test stub in
 * front of Pebble, adds the renewal-info endpoint and rate-limited new orders; every
 * other request goes to the real Pebble.
 */
@ExtendWith(OutputCaptureExtension.class)
class RenewalInfoIntegrationTests {

	private static final String NAME = "app.example.test";

	@TempDir
	Path storage;

	private PebbleServer pebble;

	private AcmeDirectoryStub stub;

	@BeforeEach
	void startCa() {
		this.pebble = PebbleServer.start();
		this.stub = AcmeDirectoryStub.start(this.pebble);
	}

	@AfterEach
	void stopCa() {
		this.stub.close();
		this.pebble.close();
	}

	private AcmeApplicationRunner runner() {
		return new AcmeApplicationRunner(this.pebble, this.storage)
			.withSources(IntegrationTestApplication.class, RecordedEvents.RecordedEventsConfiguration.class)
			.with("acme.directory-url", this.stub.directoryUri().toString())
			.with("acme.renewal.check-interval", "1s");
	}

	@Test
	void windowInPastRenewsAtOnceWithReplaces(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = runner().run()) {
			X509Certificate first = AcmeApplicationRunner.awaitIssuedChain(context, NAME).get(0);
			Instant now = Instant.now();
			this.stub.setRenewalWindow(first.getSerialNumber(), now.minus(Duration.ofHours(2)),
					now.minus(Duration.ofHours(1)));

			int port = AcmeApplicationRunner.httpsPort(context);
			await().atMost(Duration.ofSeconds(30)).until(() -> !servedLeaf(port).equals(first));

			String serial = CertificateBundle.serialNumber(first.getSerialNumber());
			assertThat(output).contains("to replace serial " + serial);
			assertThat(context.getBean(RecordedEvents.class).ofType(CertificateOrderStartedEvent.class))
				.anySatisfy((event) -> assertThat(event.getReason()).contains("renewal window"));
		}
	}

	@Test
	void futureWindowRenewsInsideWindow() throws Exception {
		try (ConfigurableApplicationContext context = runner().run()) {
			X509Certificate first = AcmeApplicationRunner.awaitIssuedChain(context, NAME).get(0);
			Instant start = Instant.now().plus(Duration.ofSeconds(4));
			Instant end = start.plus(Duration.ofSeconds(3));
			this.stub.setRenewalWindow(first.getSerialNumber(), start, end);

			int port = AcmeApplicationRunner.httpsPort(context);
			await().atMost(Duration.ofSeconds(30)).until(() -> !servedLeaf(port).equals(first));

			X509Certificate renewed = servedLeaf(port);
			assertThat(renewed.getNotBefore().toInstant()).isAfterOrEqualTo(start.minusSeconds(1));
			assertThat(context.getBean(CertificateState.class).getRenewalWindow()).isEmpty();
		}
	}

	@Test
	void malformedWindowFallsBackToLifetime(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = runner().run()) {
			X509Certificate first = AcmeApplicationRunner.awaitIssuedChain(context, NAME).get(0);
			Instant now = Instant.now();
			this.stub.setInvalidRenewalWindow(first.getSerialNumber(), now, now.minus(Duration.ofHours(1)));

			await().atMost(Duration.ofSeconds(30)).until(() -> output.toString().contains("Ignoring the CA's renewal window"));

			CertificateState state = context.getBean(CertificateState.class);
			assertThat(state.getNextRenewal()).hasValueSatisfying((renewAt) -> assertThat(renewAt)
				.isAfter(now.plus(Duration.ofDays(365))));
			assertThat(servedLeaf(AcmeApplicationRunner.httpsPort(context))).isEqualTo(first);
		}
	}

	@Test
	void renewalInfoIsFetchedAgainOnlyAfterRetryAfter() throws Exception {
		this.stub.setRenewalRetryAfter(Duration.ofHours(6));
		Instant now = Instant.now();
		this.stub.setDefaultRenewalWindow(now.plus(Duration.ofDays(30)), now.plus(Duration.ofDays(31)));
		try (ConfigurableApplicationContext context = runner().run()) {
			X509Certificate first = AcmeApplicationRunner.awaitIssuedChain(context, NAME).get(0);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.stub.countRenewalInfoRequests(first.getSerialNumber()) >= 1);
			// Checks run every second; none of them may fetch again within the hour.
			Thread.sleep(3_000);
			assertThat(this.stub.countRenewalInfoRequests(first.getSerialNumber())).isEqualTo(1);
			assertThat(context.getBean(CertificateState.class).getNextRenewal())
				.hasValueSatisfying((renewAt) -> assertThat(renewAt).isBetween(now.plus(Duration.ofDays(30)),
						now.plus(Duration.ofDays(31))));
		}
	}

	@Test
	void rateLimitWaitsForRetryAfter() throws Exception {
		this.stub.rateLimitNewOrders(Duration.ofSeconds(6));
		AcmeApplicationRunner runner = runner().with("acme.renewal.retry-delays", "1s");
		try (ConfigurableApplicationContext context = runner.run()) {
			RecordedEvents events = context.getBean(RecordedEvents.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> !events.ofType(CertificateRenewalFailedEvent.class).isEmpty());
			CertificateRenewalFailedEvent failure = events.ofType(CertificateRenewalFailedEvent.class).get(0);
			Duration wait = Duration.between(Instant.ofEpochMilli(failure.getTimestamp()),
					failure.getNextAttempt().orElseThrow());
			assertThat(wait).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(7));
			this.stub.stopRateLimiting();
			Thread.sleep(2_000);
			assertThat(this.stub.countRateLimitedNewOrders()).isEqualTo(1);

			List<X509Certificate> issued = AcmeApplicationRunner.awaitIssuedChain(context, NAME);
			assertThat(CertificateBundle.dnsNames(issued.get(0))).containsExactly(NAME);
		}
	}

	@Test
	void rateLimitIsRememberedAcrossRestart() throws Exception {
		Instant retryAt = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		this.stub.rateLimitNewOrdersUntil(retryAt);
		AcmeApplicationRunner runner = runner();
		try (ConfigurableApplicationContext context = runner.run()) {
			RecordedEvents events = context.getBean(RecordedEvents.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> !events.ofType(CertificateRenewalFailedEvent.class).isEmpty());
			assertThat(context.getBean(CertificateStore.class).loadRenewalRecord(NAME))
				.hasValueSatisfying((record) -> assertThat(record.nextAttempt()).isEqualTo(retryAt));
		}
		this.stub.stopRateLimiting();
		long orders = this.pebble.countRequests("POST", "/order-plz");
		try (ConfigurableApplicationContext context = runner.run()) {
			Thread.sleep(3_000);
			assertThat(context.getBean(RecordedEvents.class).ofType(CertificateOrderStartedEvent.class)).isEmpty();
		}
		assertThat(this.pebble.countRequests("POST", "/order-plz")).isEqualTo(orders);
		assertThat(this.stub.countRateLimitedNewOrders()).isEqualTo(1);
	}

	private static X509Certificate servedLeaf(int port) throws Exception {
		return TlsClient.servedChain(port, NAME).get(0);
	}

}

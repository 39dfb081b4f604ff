package dev.acmeboot.autoconfigure.integration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.RevocationReason;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.certificate.SelfSignedCertificateFactory;
import dev.acmeboot.autoconfigure.event.CertificateInstalledEvent;
import dev.acmeboot.autoconfigure.event.CertificateOrderStartedEvent;
import dev.acmeboot.autoconfigure.event.CertificateRenewalFailedEvent;
import dev.acmeboot.autoconfigure.event.CertificateRevokedEvent;
import dev.acmeboot.autoconfigure.issuance.AcmeClient;
import dev.acmeboot.autoconfigure.maintenance.CertificateManager;
import dev.acmeboot.autoconfigure.pebble.PebbleServer;
import dev.acmeboot.autoconfigure.storage.CertificateStore;
import dev.acmeboot.autoconfigure.storage.RenewalRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The life of a certificate after its first issuance, against a real Pebble CA and a
 * real Tomcat on loopback: renewal under load, outages, nonce rejection and revocation.
 */
@ExtendWith(OutputCaptureExtension.class)
class CertificateLifecycleIntegrationTests {

	private static final String NAME = "app.example.test";

	@TempDir
	Path storage;

	@Test
	void renewalSwapsCertificateWithoutFailedRequests() throws Exception {
		// A 30-second lifetime is under ten days, so renewal comes after 15 seconds.
		try (PebbleServer pebble = PebbleServer.start(PebbleServer.Options.defaults()
			.withCertificateValidity(Duration.ofSeconds(30)))) {
			AcmeApplicationRunner runner = new AcmeApplicationRunner(pebble, this.storage)
				.withSources(IntegrationTestApplication.class, RecordedEvents.RecordedEventsConfiguration.class)
				.with("server.tomcat.max-keep-alive-requests", -1);
			try (ConfigurableApplicationContext context = runner.run()) {
				X509Certificate first = AcmeApplicationRunner.awaitIssuedChain(context, NAME).get(0);
				int port = AcmeApplicationRunner.httpsPort(context);
				HttpsLoad load = new HttpsLoad(port, NAME);
				try {
					await().atMost(Duration.ofSeconds(60))
						.pollInterval(Duration.ofMillis(200))
						.until(() -> !servedLeaf(port).equals(first));
					long requestsAtSwap = load.succeeded();
					await().atMost(Duration.ofSeconds(10)).until(() -> load.succeeded() > requestsAtSwap + 50);
				}
				finally {
					load.close();
				}
				assertThat(load.failures()).isEmpty();
				assertThat(load.succeeded()).isGreaterThan(100);
				X509Certificate renewed = servedLeaf(port);
				assertThat(renewed.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
				assertThat(renewed.getPublicKey()).isNotEqualTo(first.getPublicKey());
				RecordedEvents events = context.getBean(RecordedEvents.class);
				assertThat(events.ofType(CertificateInstalledEvent.class)).hasSizeGreaterThanOrEqualTo(2);
				assertThat(events.ofType(CertificateOrderStartedEvent.class))
					.anySatisfy((event) -> assertThat(event.getReason()).contains("lifetime"));
			}
		}
	}

	@Test
	void requestedRenewalSwapsCertificate() throws Exception {
		try (PebbleServer pebble = PebbleServer.start()) {
			AcmeApplicationRunner runner = new AcmeApplicationRunner(pebble, this.storage);
			try (ConfigurableApplicationContext context = runner.run()) {
				X509Certificate first = AcmeApplicationRunner.awaitIssuedChain(context, NAME).get(0);
				boolean renewed = context.getBean(CertificateManager.class).renew();
				assertThat(renewed).isTrue();
				X509Certificate second = servedLeaf(AcmeApplicationRunner.httpsPort(context));
				assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
			}
		}
	}

	@Test
	void outageBacksOffThenRecovers(CapturedOutput output) throws Exception {
		try (PebbleServer pebble = PebbleServer.start()) {
			pebble.stopAcmeServer();
			AcmeApplicationRunner runner = new AcmeApplicationRunner(pebble, this.storage)
				.withSources(IntegrationTestApplication.class, RecordedEvents.RecordedEventsConfiguration.class)
				.with("acme.renewal.retry-delays", "2s,3s,60s");
			try (ConfigurableApplicationContext context = runner.run()) {
				RecordedEvents events = context.getBean(RecordedEvents.class);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> events.ofType(CertificateRenewalFailedEvent.class).size() >= 2);
				List<CertificateRenewalFailedEvent> failures = events.ofType(CertificateRenewalFailedEvent.class);
				assertThat(failures.get(0).getNextAttempt()).isPresent();
				Duration firstWait = Duration.between(
						instantOf(failures.get(0).getTimestamp()), failures.get(0).getNextAttempt().get());
				Duration secondWait = Duration.between(
						instantOf(failures.get(1).getTimestamp()), failures.get(1).getNextAttempt().get());
				assertThat(firstWait).isBetween(Duration.ofMillis(1_900), Duration.ofMillis(2_300));
				assertThat(secondWait).isBetween(Duration.ofMillis(2_900), Duration.ofMillis(3_400));
				RenewalRecord record = context.getBean(CertificateStore.class)
					.loadRenewalRecord(NAME)
					.orElseThrow();
				assertThat(record.failures()).isGreaterThanOrEqualTo(2);
				assertThat(record.lastError()).isNotBlank();
				int port = AcmeApplicationRunner.httpsPort(context);
				assertThat(SelfSignedCertificateFactory.isPlaceholder(servedLeaf(port))).isTrue();

				pebble.startAcmeServer();
				context.getBean(CertificateManager.class).renew();
				List<X509Certificate> issued = AcmeApplicationRunner.awaitIssuedChain(context, NAME);
				assertThat(CertificateBundle.dnsNames(issued.get(0))).containsExactly(NAME);
				assertThat(context.getBean(CertificateStore.class).loadRenewalRecord(NAME))
					.hasValueSatisfying((saved) -> assertThat(saved.failures()).isZero());
			}
			assertThat(output).contains("Unable to obtain a certificate for [app.example.test]");
		}
	}

	@Test
	void outageRecoversOnScheduleWithoutRequest() throws Exception {
		try (PebbleServer pebble = PebbleServer.start()) {
			pebble.stopAcmeServer();
			AcmeApplicationRunner runner = new AcmeApplicationRunner(pebble, this.storage)
				.withSources(IntegrationTestApplication.class, RecordedEvents.RecordedEventsConfiguration.class)
				.with("acme.renewal.retry-delays", "3s");
			try (ConfigurableApplicationContext context = runner.run()) {
				RecordedEvents events = context.getBean(RecordedEvents.class);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> !events.ofType(CertificateRenewalFailedEvent.class).isEmpty());
				pebble.startAcmeServer();
				List<X509Certificate> issued = AcmeApplicationRunner.awaitIssuedChain(context, NAME);
				assertThat(CertificateBundle.dnsNames(issued.get(0))).containsExactly(NAME);
			}
		}
	}

	@Test
	void backOffSurvivesRestart() throws Exception {
		try (PebbleServer pebble = PebbleServer.start()) {
			pebble.stopAcmeServer();
			AcmeApplicationRunner runner = new AcmeApplicationRunner(pebble, this.storage)
				.withSources(IntegrationTestApplication.class, RecordedEvents.RecordedEventsConfiguration.class)
				.with("acme.renewal.retry-delays", "1h");
			try (ConfigurableApplicationContext context = runner.run()) {
				RecordedEvents events = context.getBean(RecordedEvents.class);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> !events.ofType(CertificateRenewalFailedEvent.class).isEmpty());
			}
			pebble.startAcmeServer();
			long ordersBefore = pebble.countRequests("POST", "/order-plz");
			try (ConfigurableApplicationContext context = runner.run()) {
				int port = AcmeApplicationRunner.httpsPort(context);
				Thread.sleep(2_000);
				assertThat(SelfSignedCertificateFactory.isPlaceholder(servedLeaf(port))).isTrue();
				assertThat(context.getBean(RecordedEvents.class).ofType(CertificateOrderStartedEvent.class)).isEmpty();
			}
			assertThat(pebble.countRequests("POST", "/order-plz")).isEqualTo(ordersBefore);
		}
	}

	@Test
	void issuanceSucceedsWithHalfOfNoncesRejected() throws Exception {
		try (PebbleServer pebble = PebbleServer.start(PebbleServer.Options.defaults().withNonceRejectPercent(50))) {
			AcmeApplicationRunner runner = new AcmeApplicationRunner(pebble, this.storage);
			try (ConfigurableApplicationContext context = runner.run()) {
				List<X509Certificate> issued = AcmeApplicationRunner.awaitIssuedChain(context, NAME);
				assertThat(CertificateBundle.dnsNames(issued.get(0))).containsExactly(NAME);
			}
			assertThat(pebble.log()).contains("Configured to reject 50% of good nonces");
		}
	}

	@Test
	void revocationReplacesCertificateWithNewKey() throws Exception {
		try (PebbleServer pebble = PebbleServer.start()) {
			AcmeApplicationRunner runner = new AcmeApplicationRunner(pebble, this.storage)
				.withSources(IntegrationTestApplication.class, RecordedEvents.RecordedEventsConfiguration.class);
			try (ConfigurableApplicationContext context = runner.run()) {
				X509Certificate revoked = AcmeApplicationRunner.awaitIssuedChain(context, NAME).get(0);
				int port = AcmeApplicationRunner.httpsPort(context);

				boolean replaced = context.getBean(CertificateManager.class).revoke(RevocationReason.KEY_COMPROMISE);

				assertThat(replaced).isTrue();
				assertThat(pebble.certificateStatus(revoked.getSerialNumber())).contains("\"Revoked\"");
				X509Certificate replacement = servedLeaf(port);
				assertThat(replacement.getSerialNumber()).isNotEqualTo(revoked.getSerialNumber());
				assertThat(replacement.getPublicKey()).isNotEqualTo(revoked.getPublicKey());
				try (TlsClient.Connection verified = TlsClient.connectVerified(port, NAME, pebble.rootCertificates())) {
					assertThat(verified.get("/")).isEqualTo(200);
				}
				assertThat(context.getBean(RecordedEvents.class).ofType(CertificateRevokedEvent.class))
					.singleElement()
					.satisfies((event) -> assertThat(event.getSerialNumber())
						.isEqualTo(CertificateBundle.serialNumber(revoked.getSerialNumber())));

				boolean revokedAgain = context.getBean(AcmeClient.class).revoke(revoked, RevocationReason.KEY_COMPROMISE);
				assertThat(revokedAgain).isFalse();
			}
		}
	}

	@Test
	void corruptStoredCertificateIsMovedAsideAndReplaced() throws Exception {
		try (PebbleServer pebble = PebbleServer.start()) {
			AcmeApplicationRunner runner = new AcmeApplicationRunner(pebble, this.storage);
			try (ConfigurableApplicationContext context = runner.run()) {
				AcmeApplicationRunner.awaitIssuedChain(context, NAME);
			}
			Path chain = currentVersion().resolve("fullchain.pem");
			String original = Files.readString(chain);
			Files.writeString(chain, original.substring(0, original.length() / 2));

			try (ConfigurableApplicationContext context = runner.run()) {
				int port = AcmeApplicationRunner.httpsPort(context);
				List<X509Certificate> issued = AcmeApplicationRunner.awaitIssuedChain(context, NAME);
				assertThat(servedLeaf(port)).isEqualTo(issued.get(0));
			}
			try (Stream<Path> entries = Files.list(this.storage.resolve("certificates").resolve(NAME))) {
				assertThat(entries.map((path) -> path.getFileName().toString()))
					.anySatisfy((name) -> assertThat(name).contains("damaged"));
			}
		}
	}

	@Test
	void changedNamesKeepServingStoredCertificateUntilReplaced() throws Exception {
		try (PebbleServer pebble = PebbleServer.start()) {
			AcmeApplicationRunner runner = new AcmeApplicationRunner(pebble, this.storage);
			X509Certificate first;
			try (ConfigurableApplicationContext context = runner.run()) {
				first = AcmeApplicationRunner.awaitIssuedChain(context, NAME).get(0);
			}
			GatedSolver.gate = new CountDownLatch(1);
			runner.with("acme.domains", NAME + ",www.app.example.test")
				.withSources(IntegrationTestApplication.class, GatedSolver.Configuration.class);
			try (ConfigurableApplicationContext context = runner.run()) {
				int port = AcmeApplicationRunner.httpsPort(context);
				assertThat(servedLeaf(port)).isEqualTo(first);
				GatedSolver.gate.countDown();
				await().atMost(Duration.ofSeconds(60))
					.until(() -> CertificateBundle.dnsNames(servedLeaf(port)).size() == 2);
				assertThat(CertificateBundle.dnsNames(servedLeaf(port)))
					.containsExactlyInAnyOrder(NAME, "www.app.example.test");
			}
		}
	}

	private Path currentVersion() throws Exception {
		Path folder = this.storage.resolve("certificates").resolve(NAME);
		String version = Files.readString(folder.resolve("current")).strip();
		return folder.resolve(version);
	}

	private static X509Certificate servedLeaf(int port) throws Exception {
		return TlsClient.servedChain(port, NAME).get(0);
	}

	private static java.time.Instant instantOf(long epochMillis) {
		return java.time.Instant.ofEpochMilli(epochMillis);
	}

}

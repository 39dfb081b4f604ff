package dev.acmeboot.autoconfigure.integration;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import dev.acmeboot.autoconfigure.actuate.AcmeHealthIndicator;
import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.event.CertificateRenewalFailedEvent;
import dev.acmeboot.autoconfigure.integration.HttpsExchange.Response;
import dev.acmeboot.autoconfigure.pebble.PebbleServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The health indicator, the actuator endpoint, the metrics and the failure log against a
 * real Pebble CA and a real Tomcat on loopback, with the endpoints exposed over HTTPS.
 */
@ExtendWith(OutputCaptureExtension.class)
class MonitoringIntegrationTests {

	private static final String NAME = "app.example.test";

	private static PebbleServer pebble;

	@TempDir
	Path storage;

	@BeforeAll
	static void startPebble() {
		pebble = PebbleServer.start();
	}

	@AfterAll
	static void stopPebble() {
		pebble.close();
	}

	private AcmeApplicationRunner runner() {
		return new AcmeApplicationRunner(pebble, this.storage)
			.withSources(MonitoredApplication.class, RecordedEvents.RecordedEventsConfiguration.class)
			.with("management.endpoints.web.exposure.include", "health,acme")
			.with("management.endpoint.health.show-details", "always");
	}

	@Test
	void healthDownOnPlaceholderThenUp() throws Exception {
		GatedSolver.gate = new CountDownLatch(1);
		AcmeApplicationRunner runner = runner()
			.withSources(MonitoredApplication.class, GatedSolver.Configuration.class)
			.with("acme.health.placeholder-grace-period", "0s");
		try (ConfigurableApplicationContext context = runner.run()) {
			int port = AcmeApplicationRunner.httpsPort(context);

			Response placeholder = HttpsExchange.get(port, NAME, "/actuator/health/acme");
			assertThat(placeholder.status()).isEqualTo(503);
			assertThat(placeholder.body()).contains("\"status\":\"DOWN\"");
			assertThat(placeholder.body()).contains("\"placeholder\":true");
			assertThat(placeholder.body()).contains("self-signed placeholder is still served");

			GatedSolver.gate.countDown();
			X509Certificate issued = AcmeApplicationRunner.awaitIssuedChain(context, NAME).get(0);
			String serial = CertificateBundle.serialNumber(issued.getSerialNumber());

			await().atMost(Duration.ofSeconds(30))
				.until(() -> HttpsExchange.get(port, NAME, "/actuator/health/acme").status() == 200);
			Response up = HttpsExchange.get(port, NAME, "/actuator/health/acme");
			assertThat(up.body()).contains("\"status\":\"UP\"");
			assertThat(up.body()).contains("\"placeholder\":false");
			assertThat(up.body()).contains("\"serialNumber\":\"" + serial + "\"");
			assertThat(up.body()).contains("\"daysLeft\":");
			assertThat(up.body()).doesNotContain("problems");
		}
	}

	@Test
	void endpointListsAndRenews() throws Exception {
		try (ConfigurableApplicationContext context = runner().run()) {
			int port = AcmeApplicationRunner.httpsPort(context);
			X509Certificate issued = AcmeApplicationRunner.awaitIssuedChain(context, NAME).get(0);
			String serial = CertificateBundle.serialNumber(issued.getSerialNumber());

			Response listed = HttpsExchange.get(port, NAME, "/actuator/acme");
			assertThat(listed.status()).isEqualTo(200);
			assertThat(listed.body()).contains("\"names\":[\"" + NAME + "\"]");
			assertThat(listed.body()).contains("\"serialNumber\":\"" + serial + "\"");
			assertThat(listed.body()).contains("\"placeholder\":false");
			assertThat(listed.body()).contains("\"issuer\":\"" + issued.getIssuerX500Principal().getName() + "\"");
			assertThat(listed.body()).contains("\"keyType\":\"ec-p256\"");
			assertThat(listed.body()).contains("\"notAfter\":\"" + issued.getNotAfter().toInstant() + "\"");
			assertThat(listed.body()).doesNotContain("PRIVATE KEY");
			assertThat(listed.body()).doesNotContain("BEGIN");

			Response badReason = HttpsExchange.postJson(port, NAME, "/actuator/acme/" + NAME + "/revoke",
					"{\"reason\":\"compromised\"}");
			assertThat(badReason.status()).isEqualTo(400);
			assertThat(badReason.body()).contains("Invalid revocation reason 'compromised'");
			assertThat(badReason.body()).contains("keyCompromise");
			assertThat(pebble.certificateStatus(issued.getSerialNumber())).doesNotContain("\"Revoked\"");

			Response renewed = HttpsExchange.postJson(port, NAME, "/actuator/acme/" + NAME + "/renew", "{}");
			assertThat(renewed.status()).isEqualTo(200);
			assertThat(renewed.body()).contains("\"succeeded\":true");
			assertThat(renewed.body()).doesNotContain("\"serialNumber\":\"" + serial + "\"");
			assertThat(renewed.body()).doesNotContain("BEGIN");

			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("acme.orders").tag("outcome", "success").counter().count()).isEqualTo(2);
			assertThat(registry.get("acme.issuance").tag("outcome", "success").timer().count()).isEqualTo(2);
			assertThat(registry.get("acme.certificate.expiry").tag("certificate", NAME).timeGauge()
				.value(TimeUnit.DAYS)).isGreaterThan(1);
		}
	}

	@Test
	void repeatedFailureWarnsOnce(CapturedOutput output) throws Exception {
		// Pebble validates on its own HTTP-01 port, where nothing listens once the
		// application's connector is moved to a free port.
		AcmeApplicationRunner runner = runner().with("acme.http-port", 0)
			.with("acme.renewal.retry-delays", "1s")
			.with("acme.health.max-failures", 2);
		try (ConfigurableApplicationContext context = runner.run()) {
			RecordedEvents events = context.getBean(RecordedEvents.class);
			await().atMost(Duration.ofSeconds(90))
				.until(() -> events.ofType(CertificateRenewalFailedEvent.class).size() >= 3);

			Health health = context.getBean(AcmeHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get(NAME).toString()).contains("consecutive attempts failed");
			assertThat(health.getDetails().get(NAME).toString()).contains("lastError=Authorization for '" + NAME);

			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("acme.orders").tag("outcome", "failure").counter().count())
				.isGreaterThanOrEqualTo(3);
		}
		List<String> failures = output.toString()
			.lines()
			.filter((line) -> line.contains("Unable to obtain a certificate for [" + NAME + "]"))
			.toList();
		assertThat(failures).hasSizeGreaterThanOrEqualTo(3);
		assertThat(failures.get(0)).contains("WARN");
		assertThat(failures.get(0)).contains("order " + pebble.directoryUri().resolve("/").toString());
		assertThat(failures.subList(1, failures.size())).allSatisfy((line) -> {
			assertThat(line).contains("INFO");
			assertThat(line).contains("same error");
		});
		assertThat(output.toString()).contains("in order " + pebble.directoryUri().resolve("/").toString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class MonitoredApplication {

		@Bean
		SecurityFilterChain permitAllWithoutCsrf(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

	}

}

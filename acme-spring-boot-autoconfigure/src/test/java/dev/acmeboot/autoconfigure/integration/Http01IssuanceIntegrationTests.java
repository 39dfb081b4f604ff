package dev.acmeboot.autoconfigure.integration;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.certificate.SelfSignedCertificateFactory;
import dev.acmeboot.autoconfigure.challenge.Http01TokenStore;
import dev.acmeboot.autoconfigure.pebble.PebbleServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end issuance over HTTP-01 from a real Pebble CA into a real Tomcat, on
 * loopback.
 */
@ExtendWith(OutputCaptureExtension.class)
class Http01IssuanceIntegrationTests {

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

	@Test
	void firstStartServesPlaceholderThenSwapsInIssuedCertificate() throws Exception {
		GatedSolver.gate = new CountDownLatch(1);
		AcmeApplicationRunner runner = new AcmeApplicationRunner(pebble, this.storage)
			.withSources(IntegrationTestApplication.class, GatedSolver.Configuration.class);
		try (ConfigurableApplicationContext context = runner.run()) {
			int port = AcmeApplicationRunner.httpsPort(context);
			try (TlsClient.Connection keepAlive = TlsClient.connect(port, NAME)) {
				assertThat(SelfSignedCertificateFactory.isPlaceholder(keepAlive.peerChain().get(0))).isTrue();
				assertThat(keepAlive.get("/")).isEqualTo(200);

				GatedSolver.gate.countDown();
				List<X509Certificate> issued = AcmeApplicationRunner.awaitIssuedChain(context, NAME);

				assertThat(CertificateBundle.dnsNames(issued.get(0))).containsExactly(NAME);
				try (TlsClient.Connection verified = TlsClient.connectVerified(port, NAME, pebble.rootCertificates())) {
					assertThat(verified.peerChain().get(0)).isEqualTo(issued.get(0));
					assertThat(verified.get("/")).isEqualTo(200);
				}
				assertThat(keepAlive.get("/")).isEqualTo(200);
				assertThat(SelfSignedCertificateFactory.isPlaceholder(keepAlive.peerChain().get(0))).isTrue();
			}
		}
	}

	@Test
	void secondStartServesStoredCertificateWithoutNewOrder() throws Exception {
		AcmeApplicationRunner runner = new AcmeApplicationRunner(pebble, this.storage);
		X509Certificate first;
		try (ConfigurableApplicationContext context = runner.run()) {
			first = AcmeApplicationRunner.awaitIssuedChain(context, NAME).get(0);
		}
		long accountsBefore = pebble.countRequests("POST", "/sign-me-up");
		long ordersBefore = pebble.countRequests("POST", "/order-plz");

		try (ConfigurableApplicationContext context = runner.run()) {
			int port = AcmeApplicationRunner.httpsPort(context);
			assertThat(TlsClient.servedChain(port, NAME).get(0)).isEqualTo(first);
			try (TlsClient.Connection verified = TlsClient.connectVerified(port, NAME, pebble.rootCertificates())) {
				assertThat(verified.get("/")).isEqualTo(200);
			}
			// The maintenance loop checks at once; give it time to (wrongly) order.
			Thread.sleep(2_000);
			assertThat(TlsClient.servedChain(port, NAME).get(0)).isEqualTo(first);
		}
		assertThat(pebble.countRequests("POST", "/sign-me-up")).isEqualTo(accountsBefore);
		assertThat(pebble.countRequests("POST", "/order-plz")).isEqualTo(ordersBefore);
	}

	@Test
	void newAccountIssuanceSendsNoRedundantRequests() throws Exception {
		List<String> before = acmeRequests();
		try (ConfigurableApplicationContext context = new AcmeApplicationRunner(pebble, this.storage).run()) {
			AcmeApplicationRunner.awaitIssuedChain(context, NAME);
		}
		List<String> during = acmeRequests().subList(before.size(), acmeRequests().size());
		// Polls of the authorization and the order depend on how fast the CA is; every
		// other request is needed exactly once.
		List<String> polls = List.of("POST /authZ/", "POST /my-order/");
		List<String> steps = during.stream().filter((line) -> !polls.contains(line)).toList();
		assertThat(steps).containsExactly("GET /dir", "HEAD /nonce-plz", "POST /sign-me-up", "POST /order-plz",
				"POST /chalZ/", "POST /finalize-order/", "POST /certZ/");
		assertThat(during.stream().filter("POST /authZ/"::equals).count()).isBetween(2L, 6L);
		assertThat(during.stream().filter("POST /my-order/"::equals).count()).isBetween(1L, 5L);
	}

	@Test
	void namesAreNormalizedBeforeOrdering() {
		AcmeApplicationRunner runner = new AcmeApplicationRunner(pebble, this.storage).with("acme.domains",
				"App.Example.TEST.,www.app.example.test,app.example.test");
		try (ConfigurableApplicationContext context = runner.run()) {
			List<X509Certificate> issued = AcmeApplicationRunner.awaitIssuedChain(context, NAME);
			assertThat(CertificateBundle.dnsNames(issued.get(0))).containsExactlyInAnyOrder("app.example.test",
					"www.app.example.test");
		}
	}

	@Test
	void challengeSucceedsWhenSecurityDeniesEveryRequest() throws Exception {
		AcmeApplicationRunner runner = new AcmeApplicationRunner(pebble, this.storage)
			.withSources(DenyAllApplication.class);
		try (ConfigurableApplicationContext context = runner.run()) {
			List<X509Certificate> issued = AcmeApplicationRunner.awaitIssuedChain(context, NAME);
			assertThat(CertificateBundle.dnsNames(issued.get(0))).containsExactly(NAME);
			int port = AcmeApplicationRunner.httpsPort(context);
			try (TlsClient.Connection verified = TlsClient.connectVerified(port, NAME, pebble.rootCertificates())) {
				assertThat(verified.get("/")).isEqualTo(403);
			}
		}
	}

	@Test
	void caUnreachableStillServesPlaceholderAndLogsCause(CapturedOutput output) throws Exception {
		try (PebbleServer stopped = PebbleServer.start()) {
			stopped.stopAcmeServer();
			AcmeApplicationRunner runner = new AcmeApplicationRunner(stopped, this.storage);
			try (ConfigurableApplicationContext context = runner.run()) {
				int port = AcmeApplicationRunner.httpsPort(context);
				assertThat(SelfSignedCertificateFactory.isPlaceholder(TlsClient.servedChain(port, NAME).get(0)))
					.isTrue();
				await().atMost(Duration.ofSeconds(30))
					.until(() -> output.toString().contains("Unable to obtain a certificate for [app.example.test]"));
				assertThat(output.toString()).contains(stopped.directoryUri().toString());
				assertThat(SelfSignedCertificateFactory.isPlaceholder(TlsClient.servedChain(port, NAME).get(0)))
					.isTrue();
				try (TlsClient.Connection connection = TlsClient.connect(port, NAME)) {
					assertThat(connection.get("/")).isEqualTo(200);
				}
			}
		}
	}

	@Test
	void plainHttpConnectorAnswersOnlyChallengesAndOwnNames() throws Exception {
		try (ConfigurableApplicationContext context = new AcmeApplicationRunner(pebble, this.storage).run()) {
			int httpPort = AcmeApplicationRunner.httpPort(context);
			int httpsPort = AcmeApplicationRunner.httpsPort(context);
			context.getBean(Http01TokenStore.class).put("known_token-1", "known_token-1.thumbprint");
			HttpResponse<String> known = RawHttp.get(httpPort, "/.well-known/acme-challenge/known_token-1", NAME);
			assertThat(known.statusCode()).isEqualTo(200);
			assertThat(known.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/plain"));
			assertThat(known.body()).isEqualTo("known_token-1.thumbprint");

			HttpResponse<String> unknown = RawHttp.get(httpPort, "/.well-known/acme-challenge/unknown", NAME);
			assertThat(unknown.statusCode()).isEqualTo(404);
			assertThat(unknown.body()).isEmpty();

			HttpResponse<String> redirected = RawHttp.get(httpPort, "/path?query=1", "APP.example.test.");
			assertThat(redirected.statusCode()).isEqualTo(301);
			assertThat(redirected.headers().firstValue("Location"))
				.hasValue("https://app.example.test:" + httpsPort + "/path?query=1");

			HttpResponse<String> foreign = RawHttp.get(httpPort, "/path", "attacker.example");
			assertThat(foreign.statusCode()).isEqualTo(404);
			assertThat(foreign.headers().firstValue("Location")).isEmpty();
		}
	}

	private static List<String> acmeRequests() {
		// The harness probes the directory with HEAD; only the application's requests count.
		return pebble.requestLines().stream().filter((line) -> !line.equals("HEAD /dir")).toList();
	}

	@org.springframework.boot.SpringBootConfiguration
	@org.springframework.boot.autoconfigure.EnableAutoConfiguration
	@org.springframework.web.bind.annotation.RestController
	static class DenyAllApplication {

		@org.springframework.web.bind.annotation.GetMapping("/")
		String hello() {
			return "hello";
		}

		@Bean
		SecurityFilterChain denyAll(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().denyAll()).build();
		}

	}

}

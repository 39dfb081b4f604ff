package dev.acmeboot.autoconfigure.pebble;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link PebbleServer} against the real Pebble and {@code pebble-challtestsrv}
 * executables.
 */
class PebbleServerTests {

	private static final Duration ACME_TIMEOUT = Duration.ofSeconds(30);

	private static PebbleServer server;

	@BeforeAll
	static void startServer() {
		server = PebbleServer.start();
	}

	@AfterAll
	static void closeServer() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void directoryListsNewNonce() throws Exception {
		long directoryRequestsBefore = server.countRequests("GET", "/dir");

		HttpResponse<String> response = get(server, server.directoryUri().toString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"newNonce\"");
		assertThat(server.directoryUri().getHost()).isEqualTo("127.0.0.1");
		assertThat(server.countRequests("GET", "/dir")).isEqualTo(directoryRequestsBefore + 1);
		assertThat(server.requestLines()).contains("HEAD /dir");
	}

	@Test
	void managementApiReturnsRootAndIntermediate() throws Exception {
		List<X509Certificate> roots = server.rootCertificates();
		List<X509Certificate> intermediates = server.intermediateCertificates();

		assertThat(roots).isNotEmpty();
		assertThat(intermediates).isNotEmpty();
		intermediates.get(0).verify(roots.get(0).getPublicKey());
	}

	@Test
	void optionsReachPebbleEnvironment() {
		String log = server.log();

		assertThat(log).contains("Configured to reject 0% of good nonces");
		assertThat(log).contains("Configured to attempt authz reuse for each identifier 0% of the time");
		assertThat(log).contains("Disabling random VA sleeps");
		assertThat(log).contains("Using custom DNS resolver for ACME challenges: 127.0.0.1:");
		assertThat(server.challengeServerManagementUri()).isPresent();
	}

	@Test
	void trustCertificateIsPem() {
		assertThat(server.trustCertificatePem()).exists();
		assertThat(server.trustCertificatePemText()).startsWith("-----BEGIN CERTIFICATE-----");
	}

	@Test
	void certificateStatusRejectsUnknownSerial() {
		assertThatIllegalStateException().isThrownBy(() -> server.certificateStatus(BigInteger.valueOf(0x1234)))
			.withMessageContaining("/cert-status-by-serial/1234")
			.withMessageContaining("status 404");
	}

	@Test
	void issuesAndRevokesCertificateThroughHttp01() throws Exception {
		Map<String, String> keyAuthorizations = new ConcurrentHashMap<>();
		HttpServer challengeResponder = PebbleClients.startChallengeResponder(server.httpValidationPort(),
				keyAuthorizations);
		try {
			Session session = PebbleClients.newSession(server, server.directoryUri());
			Account account = new AccountBuilder().agreeToTermsOfService().useKeyPair(PebbleClients.newKeyPair()).create(session);
			Order order = account.newOrder().domain("app.example.org").create();

			for (Authorization authorization : order.getAuthorizations()) {
				Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
				keyAuthorizations.put(challenge.getToken(), challenge.getAuthorization());
				challenge.trigger();
				assertThat(authorization.waitForCompletion(ACME_TIMEOUT)).isEqualTo(Status.VALID);
			}
			order.execute(PebbleClients.newKeyPair());
			assertThat(order.waitForCompletion(ACME_TIMEOUT)).isEqualTo(Status.VALID);

			X509Certificate certificate = order.getCertificate().getCertificate();
			BigInteger serial = certificate.getSerialNumber();
			assertThat(server.certificateStatus(serial)).contains("\"Status\": \"Valid\"")
				.contains("\"Serial\": \"" + serial.toString(16) + "\"");
			assertThat(server.countRequests("POST", "/finalize-order/")).isEqualTo(1);

			order.getCertificate().revoke();
			assertThat(server.certificateStatus(serial)).contains("\"Status\": \"Revoked\"");
		}
		finally {
			challengeResponder.stop(0);
		}
	}

	@Test
	void restartKeepsPortsAndCreatesNewRoot() throws Exception {
		try (PebbleServer restarted = PebbleServer.start()) {
			String directory = restarted.directoryUri().toString();
			X509Certificate rootBefore = restarted.rootCertificates().get(0);

			restarted.stopAcmeServer();

			assertThat(restarted.isAcmeServerRunning()).isFalse();
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> get(restarted, directory));

			restarted.startAcmeServer();

			assertThat(restarted.isAcmeServerRunning()).isTrue();
			assertThat(restarted.directoryUri().toString()).isEqualTo(directory);
			assertThat(get(restarted, directory).statusCode()).isEqualTo(200);
			X509Certificate rootAfter = restarted.rootCertificates().get(0);
			assertThat(rootAfter.getEncoded()).isNotEqualTo(rootBefore.getEncoded());
			assertThat(restarted.log().split("Starting Pebble ACME server", -1)).hasSize(3);
		}
	}

	@Test
	void startAcmeServerRejectsRunningServer() {
		assertThatIllegalStateException().isThrownBy(server::startAcmeServer)
			.withMessageContaining("already running");
	}

	@Test
	void externalDnsServerSkipsChallengeServer() {
		PebbleServer.Options options = PebbleServer.Options.defaults()
			.withDnsServer("127.0.0.1:53")
			.withNonceRejectPercent(50)
			.withAuthzReusePercent(100);
		try (PebbleServer external = PebbleServer.start(options)) {
			assertThat(external.challengeServerManagementUri()).isEmpty();
			assertThat(external.log()).contains("Using custom DNS resolver for ACME challenges: 127.0.0.1:53")
				.contains("Configured to reject 50% of good nonces")
				.contains("Configured to attempt authz reuse for each identifier 100% of the time");
		}
	}

	@Test
	void closeDeletesWorkDirectoryByDefault() {
		PebbleServer closing = PebbleServer.start();
		Path workDirectory = closing.workDirectory();

		closing.close();

		assertThat(workDirectory).doesNotExist();
		assertThat(closing.isAcmeServerRunning()).isFalse();
	}

	@Test
	void closeKeepsWorkDirectoryOnRequest() throws IOException {
		PebbleServer closing = PebbleServer.start(PebbleServer.Options.defaults().withKeepWorkDirectory(true));
		Path workDirectory = closing.workDirectory();
		try {
			closing.close();

			assertThat(closing.logFile()).exists();
			assertThat(closing.log()).contains("Starting Pebble ACME server");
		}
		finally {
			try (var paths = Files.walk(workDirectory)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
	}

	@Test
	void optionsRejectInvalidValues() {
		PebbleServer.Options defaults = PebbleServer.Options.defaults();

		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withDnsServer("8.8.8.8:53"));
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withDnsServer("localhost:53"));
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withDnsServer("127.0.0.1"));
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withDnsServer("127.0.0.1:70000"));
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withNonceRejectPercent(101));
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withAuthzReusePercent(-1));
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withHttpValidationPort(65536));
		assertThat(defaults.withDnsServer("[::1]:5053").dnsServer()).isEqualTo("[::1]:5053");
	}

	private static HttpResponse<String> get(PebbleServer pebble, String uri) throws IOException, InterruptedException {
		return PebbleClients.send(pebble, HttpRequest.newBuilder(URI.create(uri)));
	}

}

package dev.acmeboot.autoconfigure.integration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.challenge.Http01Connector;
import dev.acmeboot.autoconfigure.pebble.BindServer;
import dev.acmeboot.autoconfigure.pebble.PebbleServer;
import dev.acmeboot.autoconfigure.ssl.CertificateState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end issuance over DNS-01 from a real Pebble CA that validates against a real
 * BIND {@code named}, into a real Tomcat, on loopback.
 */
@ExtendWith(OutputCaptureExtension.class)
class Dns01IssuanceIntegrationTests {

	private static final String BASE = "app.example.test";

	private static final String WILDCARD = "*.app.example.test";

	private static final String RECORD_NAME = "_acme-challenge.app.example.test.";

	/**
	 * Matches the line that BIND 9.18 logs for each single record that a dynamic update
	 * adds or deletes, such as {@code updating zone 'example.test/IN': adding an RR at
	 * '_acme-challenge.app.example.test' TXT "..."} or {@code ...: deleting an RR at
	 * _acme-challenge.app.example.test TXT}. The value is logged only for additions, and
	 * the deletion of a whole set is logged as {@code deleting rrset}.
	 */
	private static final Pattern UPDATE_LOG_LINE = Pattern
		.compile("updating zone '[^']+': (adding|deleting) an RR at '?([^' ]+)'? TXT(?: \"([^\"]+)\")?");

	private static BindServer bind;

	private static PebbleServer pebble;

	@TempDir
	Path storage;

	@TempDir
	Path scripts;

	@BeforeAll
	static void startServers() {
		bind = BindServer.start();
		pebble = PebbleServer.start(PebbleServer.Options.defaults().withDnsServer(bind.address()));
	}

	@AfterAll
	static void stopServers() {
		try {
			pebble.close();
		}
		finally {
			bind.close();
		}
	}

	@Test
	void wildcardAndBaseIssuedAndInstalled() throws Exception {
		long challengesBefore = pebble.countRequests("POST", "/chalZ/");
		int updatesBefore = updateLog().size();
		AcmeApplicationRunner runner = rfc2136Runner(bind.keySecret()).with("acme.domains", WILDCARD + "," + BASE);
		try (ConfigurableApplicationContext context = runner.run()) {
			assertThat(context.getBeansOfType(Http01Connector.class)).isEmpty();

			List<X509Certificate> issued = AcmeApplicationRunner.awaitIssuedChain(context, BASE);

			assertThat(CertificateBundle.dnsNames(issued.get(0))).containsExactlyInAnyOrder(WILDCARD, BASE);
			int port = AcmeApplicationRunner.httpsPort(context);
			for (String host : List.of(BASE, "www.app.example.test", "any.app.example.test")) {
				try (TlsClient.Connection verified = TlsClient.connectVerified(port, host, pebble.rootCertificates())) {
					assertThat(verified.peerChain().get(0)).as(host).isEqualTo(issued.get(0));
					assertThat(verified.get("/")).as(host).isEqualTo(200);
				}
			}
		}
		assertThat(bind.txtValues(RECORD_NAME)).isEmpty();
		assertThat(pebble.countRequests("POST", "/chalZ/") - challengesBefore).isEqualTo(2);
		List<String> updates = updateLog().subList(updatesBefore, updateLog().size());
		assertThat(updates).hasSize(4);
		assertThat(updates.get(0)).startsWith("adding " + RECORD_NAME + " ");
		assertThat(updates.get(1)).startsWith("adding " + RECORD_NAME + " ");
		assertThat(updates.get(1)).isNotEqualTo(updates.get(0));
		assertThat(updates.get(2)).isEqualTo("deleting " + RECORD_NAME);
		assertThat(updates.get(3)).isEqualTo("deleting " + RECORD_NAME);
		assertThat(bind.log()).doesNotContain("deleting rrset");
	}

	@Test
	void wrongTsigSecretFailsAndBacksOff(CapturedOutput output) throws Exception {
		String wrongSecret = Base64.getEncoder()
			.encodeToString("not the secret of the test key".getBytes(StandardCharsets.US_ASCII));
		AcmeApplicationRunner runner = rfc2136Runner(wrongSecret).with("acme.domains", "www.app.example.test")
			.with("acme.renewal.retry-delays", "2s");
		try (ConfigurableApplicationContext context = runner.run()) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> output.toString().contains("Unable to obtain a certificate for [www.app.example.test]"));
			long ordersAtFirstFailure = pebble.countRequests("POST", "/order-plz");

			Thread.sleep(5_000);

			long retries = pebble.countRequests("POST", "/order-plz") - ordersAtFirstFailure;
			assertThat(retries).isBetween(1L, 3L);
			CertificateState state = context.getBean(CertificateState.class);
			assertThat(state.isServingPlaceholder()).isTrue();
			assertThat(state.getLastFailure()).hasValueSatisfying((failure) -> {
				assertThat(failure.message()).contains("_acme-challenge.www.app.example.test.");
				assertThat(failure.message()).contains("TSIG error BADSIG");
				assertThat(failure.message()).contains("acme.dns.rfc2136.key-name, key-algorithm and key-secret");
				assertThat(failure.nextAttempt()).isNotNull();
			});
		}
		assertThat(output).doesNotContain(wrongSecret).doesNotContain(bind.keySecret());
		assertThat(bind.txtValues("_acme-challenge.www.app.example.test.")).isEmpty();
	}

	@Test
	void execHookIssuesCertificateThroughNsupdate() throws Exception {
		Path calls = this.scripts.resolve("calls.txt");
		Path hook = script("nsupdate-hook.sh", """
				echo "$ACME_DNS_ACTION $ACME_DNS_RECORD_NAME" >> %s
				case "$ACME_DNS_ACTION" in
					create) change="update add $ACME_DNS_RECORD_NAME 60 TXT \\"$ACME_DNS_RECORD_VALUE\\"" ;;
					delete) change="update delete $ACME_DNS_RECORD_NAME TXT \\"$ACME_DNS_RECORD_VALUE\\"" ;;
					*) echo "unknown action $ACME_DNS_ACTION" >&2; exit 2 ;;
				esac
				printf 'server 127.0.0.1 %d\\nzone %s\\n%%s\\nsend\\n' "$change" | nsupdate -k %s
				""".formatted(calls, bind.port(), BindServer.ZONE, bind.keyFile()));
		AcmeApplicationRunner runner = execRunner(hook).with("acme.domains", "exec.example.test");
		try (ConfigurableApplicationContext context = runner.run()) {
			List<X509Certificate> issued = AcmeApplicationRunner.awaitIssuedChain(context, "exec.example.test");

			assertThat(CertificateBundle.dnsNames(issued.get(0))).containsExactly("exec.example.test");
			int port = AcmeApplicationRunner.httpsPort(context);
			try (TlsClient.Connection verified = TlsClient.connectVerified(port, "exec.example.test",
					pebble.rootCertificates())) {
				assertThat(verified.get("/")).isEqualTo(200);
			}
		}
		assertThat(Files.readAllLines(calls)).containsExactly("create _acme-challenge.exec.example.test.",
				"delete _acme-challenge.exec.example.test.");
		assertThat(bind.txtValues("_acme-challenge.exec.example.test.")).isEmpty();
	}

	@Test
	void propagationTimeoutNamesRecord(CapturedOutput output) throws Exception {
		Path hook = script("no-op-hook.sh", "exit 0");
		long challengesBefore = pebble.countRequests("POST", "/chalZ/");
		AcmeApplicationRunner runner = execRunner(hook).with("acme.domains", "slow.example.test")
			.with("acme.dns.propagation-timeout", "1s")
			.with("acme.dns.propagation-interval", "200ms");
		try (ConfigurableApplicationContext context = runner.run()) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> output.toString().contains("Unable to obtain a certificate for [slow.example.test]"));

			CertificateState state = context.getBean(CertificateState.class);
			assertThat(state.getLastFailure()).hasValueSatisfying((failure) -> {
				assertThat(failure.message()).contains("The TXT record '_acme-challenge.slow.example.test.'");
				assertThat(failure.message()).contains("is not visible on " + bind.address());
				assertThat(failure.message()).contains("after 1 s");
				assertThat(failure.message()).contains("acme.dns.propagation-timeout");
			});
		}
		assertThat(pebble.countRequests("POST", "/chalZ/")).isEqualTo(challengesBefore);
	}

	@Test
	void invalidSecretStopsStartupWithoutShowingIt(CapturedOutput output) {
		String invalid = "this is not base64!";
		AcmeApplicationRunner runner = rfc2136Runner(invalid);

		assertThatException().isThrownBy(runner::run);

		assertThat(output).contains("Property: acme.dns.rfc2136.key-secret")
			.contains("not valid base64")
			.doesNotContain(invalid);
	}

	private AcmeApplicationRunner rfc2136Runner(String secret) {
		return new AcmeApplicationRunner(pebble, this.storage).with("acme.challenge-type", "dns-01")
			.with("acme.dns.provider", "rfc2136")
			.with("acme.dns.rfc2136.server", bind.address())
			.with("acme.dns.rfc2136.zone", BindServer.ZONE)
			.with("acme.dns.rfc2136.key-name", bind.keyName())
			.with("acme.dns.rfc2136.key-secret", secret)
			.with("acme.dns.propagation-timeout", "10s")
			.with("acme.dns.propagation-interval", "100ms");
	}

	private AcmeApplicationRunner execRunner(Path hook) {
		return new AcmeApplicationRunner(pebble, this.storage).with("acme.challenge-type", "dns-01")
			.with("acme.dns.provider", "exec")
			.with("acme.dns.exec.command", hook.toString())
			.with("acme.dns.exec.timeout", "20s")
			.with("acme.dns.propagation-servers", bind.address())
			.with("acme.dns.propagation-timeout", "10s")
			.with("acme.dns.propagation-interval", "100ms");
	}

	private Path script(String name, String body) throws IOException {
		Path script = this.scripts.resolve(name);
		Files.writeString(script, "#!/bin/sh\n" + body + "\n", StandardCharsets.US_ASCII);
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
		return script;
	}

	/**
	 * Returns the record changes that {@code named} logged, as
	 * {@code "adding <name>. <value>"} or {@code "deleting <name>."}.
	 */
	private static List<String> updateLog() {
		Matcher matcher = UPDATE_LOG_LINE.matcher(bind.log());
		List<String> updates = new ArrayList<>();
		while (matcher.find()) {
			String value = (matcher.group(3) != null) ? " " + matcher.group(3) : "";
			updates.add(matcher.group(1) + " " + matcher.group(2) + "." + value);
		}
		return updates;
	}

}

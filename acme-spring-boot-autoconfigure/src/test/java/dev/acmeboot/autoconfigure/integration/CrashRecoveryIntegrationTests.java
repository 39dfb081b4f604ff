package dev.acmeboot.autoconfigure.integration;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.pebble.PebbleServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application killed with SIGKILL in the middle of an issuance starts again on the
 * same storage and completes the issuance.
 */
class CrashRecoveryIntegrationTests {

	private static final String NAME = "app.example.test";

	@TempDir
	Path storage;

	@TempDir
	Path logs;

	@Test
	void killedDuringIssuanceRecoversOnRestart() throws Exception {
		// Pebble waits a random time of up to 15 s before validating, which leaves the
		// order open long enough to kill the application in the middle of it.
		try (PebbleServer pebble = PebbleServer.start(PebbleServer.Options.defaults().withVaNoSleep(false))) {
			AcmeApplicationRunner runner = new AcmeApplicationRunner(pebble, this.storage);
			Process child = startChild(runner);
			try {
				await().atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(50))
					.until(() -> pebble.countRequests("POST", "/chalZ/") > 0);
			}
			finally {
				child.destroyForcibly();
				child.waitFor();
			}
			assertThat(child.exitValue()).isEqualTo(137);
			assertThat(this.storage.resolve("accounts")).isDirectory();
			long accounts = pebble.countRequests("POST", "/sign-me-up");

			try (ConfigurableApplicationContext context = runner.run()) {
				List<X509Certificate> issued = AcmeApplicationRunner.awaitIssuedChain(context, NAME);
				assertThat(CertificateBundle.dnsNames(issued.get(0))).containsExactly(NAME);
			}
			assertThat(pebble.countRequests("POST", "/sign-me-up")).isEqualTo(accounts);
		}
	}

	private Process startChild(AcmeApplicationRunner runner) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(ChildApplication.class.getName());
		runner.properties().forEach((name, value) -> command.add("--" + name + "=" + value));
		File log = Files.createFile(this.logs.resolve("child.log")).toFile();
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
	}

}

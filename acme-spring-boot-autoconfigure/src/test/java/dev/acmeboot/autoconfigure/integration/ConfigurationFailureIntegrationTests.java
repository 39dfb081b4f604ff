package dev.acmeboot.autoconfigure.integration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Start-up with a configuration mistake ends with a short report that names the
 * property and the fix, not a stack trace. An unreachable CA is not such a mistake and
 * never stops start-up.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationFailureIntegrationTests {

	@TempDir
	Path storage;

	@Test
	void missingDomainsReportPropertyAndFix(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("acme.accept-terms-of-service=true"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: acme.domains")
			.contains("Set 'acme.domains' to the names the certificate must cover");
		assertThat(output).doesNotContain("\tat org.springframework");
	}

	@Test
	void invalidNameReportsTheName(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> start("acme.accept-terms-of-service=true", "acme.domains=app..example.test"));
		assertThat(output).contains("Property: acme.domains")
			.contains("Value: 'app..example.test'")
			.contains("empty label");
	}

	@Test
	void termsNotAcceptedReportsProperty(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("acme.domains=app.example.test"));
		assertThat(output).contains("Property: acme.accept-terms-of-service")
			.contains("set 'acme.accept-terms-of-service=true'");
	}

	@Test
	void wildcardWithHttp01ReportsFix(CapturedOutput output) {
		assertThatException().isThrownBy(
				() -> start("acme.accept-terms-of-service=true", "acme.domains=*.app.example.test"));
		assertThat(output).contains("Property: acme.challenge-type")
			.contains("Value: 'http-01'")
			.contains("'*.app.example.test'")
			.contains("acme.challenge-type=dns-01");
	}

	@Test
	void httpPortInUseNamesAcmeHttpPort(CapturedOutput output) throws IOException {
		try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			int port = busy.getLocalPort();
			assertThatException().isThrownBy(() -> start("acme.accept-terms-of-service=true",
					"acme.domains=app.example.test", "acme.http-port=" + port));
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("could not listen on port " + port + ", the value of 'acme.http-port'")
				.contains("Another process already listens on it")
				.contains("set 'acme.http-port' to a free port");
			assertThat(output).doesNotContain("The Tomcat connector configured to listen on port");
		}
	}

	@Test
	void storageUnderFileReportsTheFile(CapturedOutput output) throws IOException {
		Path file = Files.writeString(this.storage.resolve("file.txt"), "not a folder");
		assertThatException().isThrownBy(() -> start("acme.accept-terms-of-service=true",
				"acme.domains=app.example.test", "acme.storage-location=" + file.resolve("sub")));
		assertThat(output).contains("Property: acme.storage-location")
			.contains("Value: '" + file.resolve("sub") + "'")
			.contains("because '" + file + "' is a file, not a folder")
			.contains("move the file '" + file + "' away");
		assertThat(output).doesNotContain("\tat org.springframework");
	}

	@Test
	void missingDirectorySslBundleReportsBundleNames(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("acme.accept-terms-of-service=true",
				"acme.domains=app.example.test", "acme.directory-ssl-bundle=missing"));
		assertThat(output).contains("Property: acme.directory-ssl-bundle")
			.contains("Value: 'missing'")
			.contains("No SSL bundle named 'missing' is configured. The configured bundles are [acme].")
			.contains("spring.ssl.bundle.pem.missing");
	}

	@Test
	void directoryUrlWithoutPathReportsFix(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("acme.accept-terms-of-service=true",
				"acme.domains=app.example.test", "acme.directory-url=https://acme-v02.api.letsencrypt.org"));
		assertThat(output).contains("Property: acme.directory-url")
			.contains("Value: 'https://acme-v02.api.letsencrypt.org'")
			.contains("The directory URL has no path")
			.contains("Set 'acme.directory-url' to the https URL of the CA's ACME directory");
	}

	@Test
	void unreachableDirectoryOnlyWarns(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = builder("acme.accept-terms-of-service=true",
				"acme.domains=app.example.test").run()) {
			assertThat(context.isRunning()).isTrue();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> output.toString().contains("Unable to obtain a certificate for [app.example.test]"));
			assertThat(output.toString().lines().filter((line) -> line.contains("Unable to obtain a certificate")))
				.first()
				.satisfies((line) -> assertThat(line).contains(" WARN ").contains("from https://127.0.0.1:1/dir"));
			int port = AcmeApplicationRunner.httpsPort(context);
			try (TlsClient.Connection connection = TlsClient.connect(port, "app.example.test")) {
				assertThat(connection.get("/")).isEqualTo(200);
			}
		}
	}

	@Test
	void badDurationShowsExpectedFormat(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("acme.accept-terms-of-service=true",
				"acme.domains=app.example.test", "acme.renewal.check-interval=soon"));
		assertThat(output).contains("Property: acme.renewal.check-interval")
			.contains("Value: 'soon'")
			.contains("a duration such as '30s', '10m', '1h' or '1d'");
	}

	@Test
	void badRetryDelaysShowListFormat(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("acme.accept-terms-of-service=true",
				"acme.domains=app.example.test", "acme.renewal.retry-delays=1m,later"));
		assertThat(output).contains("Property: acme.renewal.retry-delays")
			.contains("a comma-separated list, each element a duration");
	}

	@Test
	void badKeyTypeListsValues(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("acme.accept-terms-of-service=true",
				"acme.domains=app.example.test", "acme.key-type=rsa-1024"));
		assertThat(output).contains("Property: acme.key-type")
			.contains("one of 'ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072', 'rsa-4096'");
	}

	private void start(String... properties) {
		builder(properties).run().close();
	}

	private SpringApplicationBuilder builder(String... properties) {
		return new SpringApplicationBuilder(IntegrationTestApplication.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "server.address=127.0.0.1", "acme.http-port=0",
					"acme.directory-url=https://127.0.0.1:1/dir", "acme.storage-location=" + this.storage,
					"spring.main.banner-mode=off")
			.properties(properties);
	}

}

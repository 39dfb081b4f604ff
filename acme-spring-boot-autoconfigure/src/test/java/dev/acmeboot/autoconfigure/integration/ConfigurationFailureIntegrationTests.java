package dev.acmeboot.autoconfigure.integration;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Start-up with a configuration mistake ends with a short report that names the
 * property and the fix, not a stack trace.
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

	private void start(String... properties) {
		new SpringApplicationBuilder(IntegrationTestApplication.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "server.address=127.0.0.1", "acme.http-port=0",
					"acme.directory-url=https://127.0.0.1:1/dir", "acme.storage-location=" + this.storage,
					"spring.main.banner-mode=off")
			.properties(properties)
			.run()
			.close();
	}

}

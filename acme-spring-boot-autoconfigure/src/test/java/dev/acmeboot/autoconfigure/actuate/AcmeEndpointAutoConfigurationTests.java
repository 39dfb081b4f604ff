package dev.acmeboot.autoconfigure.actuate;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.acmeboot.autoconfigure.AcmeAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AcmeEndpointAutoConfiguration}.
 */
class AcmeEndpointAutoConfigurationTests {

	@TempDir
	Path storage;

	private WebApplicationContextRunner runner() {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AcmeAutoConfiguration.class, SslAutoConfiguration.class,
					AcmeEndpointAutoConfiguration.class))
			.withPropertyValues("acme.domains=app.example.test", "acme.accept-terms-of-service=true",
					"acme.directory-url=https://127.0.0.1:1/dir", "acme.storage-location=" + this.storage);
	}

	@Test
	void createsEndpointWhenExposed() {
		runner().withPropertyValues("management.endpoints.web.exposure.include=acme").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(AcmeEndpoint.class);
			assertThat(context).hasSingleBean(AcmeEndpointWebExtension.class);
			AcmeEndpoint endpoint = context.getBean(AcmeEndpoint.class);
			assertThat(endpoint.certificates().certificates()).singleElement()
				.satisfies((certificate) -> assertThat(certificate.names()).containsExactly("app.example.test"));
		});
	}

	@Test
	void noEndpointByDefault() {
		runner().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(AcmeEndpoint.class);
			assertThat(context).doesNotHaveBean(AcmeEndpointWebExtension.class);
		});
	}

	@Test
	void noWebExtensionWhenExposedOnlyOverJmx() {
		runner().withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=acme")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(AcmeEndpoint.class);
				assertThat(context).doesNotHaveBean(AcmeEndpointWebExtension.class);
			});
	}

	@Test
	void noEndpointWhenAccessIsNone() {
		runner().withPropertyValues("management.endpoints.web.exposure.include=acme",
				"management.endpoint.acme.access=NONE")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(AcmeEndpoint.class);
			});
	}

	@Test
	void backsOffWithoutActuator() {
		runner().withPropertyValues("management.endpoints.web.exposure.include=acme")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(AcmeEndpoint.class);
			});
	}

	@Test
	void backsOffWhenAcmeDisabled() {
		runner().withPropertyValues("management.endpoints.web.exposure.include=acme", "acme.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(AcmeEndpoint.class);
			});
	}

}

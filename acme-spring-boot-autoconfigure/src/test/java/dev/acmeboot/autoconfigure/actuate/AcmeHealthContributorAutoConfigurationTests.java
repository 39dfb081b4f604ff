package dev.acmeboot.autoconfigure.actuate;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.acmeboot.autoconfigure.AcmeAutoConfiguration;
import dev.acmeboot.autoconfigure.diagnostics.AcmeConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AcmeHealthContributorAutoConfiguration}.
 */
class AcmeHealthContributorAutoConfigurationTests {

	@TempDir
	Path storage;

	private WebApplicationContextRunner runner() {
		return acmeOnly().withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class));
	}

	private WebApplicationContextRunner acmeOnly() {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AcmeAutoConfiguration.class, SslAutoConfiguration.class,
					AcmeHealthContributorAutoConfiguration.class))
			.withPropertyValues("acme.domains=app.example.test", "acme.accept-terms-of-service=true",
					"acme.directory-url=https://127.0.0.1:1/dir", "acme.storage-location=" + this.storage);
	}

	@Test
	void registersIndicatorNamedAcme() {
		runner().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(AcmeHealthIndicator.class);
			HealthContributorRegistry registry = context.getBean(HealthContributorRegistry.class);
			assertThat(registry.getContributor("acme")).isSameAs(context.getBean(AcmeHealthIndicator.class));
		});
	}

	@Test
	void servesPlaceholderWithinDefaultGracePeriod() {
		runner().run((context) -> {
			HealthIndicator indicator = context.getBean(AcmeHealthIndicator.class);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void appliesPlaceholderGracePeriod() {
		runner().withPropertyValues("acme.health.placeholder-grace-period=0s").run((context) -> {
			HealthIndicator indicator = context.getBean(AcmeHealthIndicator.class);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		});
	}

	@Test
	void backsOffWithoutHealthClasses() {
		acmeOnly().withClassLoader(new FilteredClassLoader("org.springframework.boot.health")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(AcmeHealthIndicator.class);
		});
	}

	@Test
	void backsOffWhenAcmeDisabled() {
		runner().withPropertyValues("acme.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(AcmeHealthIndicator.class);
		});
	}

	@Test
	void backsOffWhenIndicatorDisabled() {
		runner().withPropertyValues("management.health.acme.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(AcmeHealthIndicator.class);
		});
	}

	@Test
	void failsOnNegativeMaxFailures() {
		runner().withPropertyValues("acme.health.max-failures=-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(AcmeConfigurationException.class)
				.satisfies((ex) -> assertThat(((AcmeConfigurationException) ex).getProperty())
					.isEqualTo("acme.health.max-failures"));
		});
	}

	@Test
	void failsOnNegativeGracePeriod() {
		runner().withPropertyValues("acme.health.placeholder-grace-period=-1m").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(AcmeConfigurationException.class)
				.satisfies((ex) -> assertThat(((AcmeConfigurationException) ex).getProperty())
					.isEqualTo("acme.health.placeholder-grace-period"));
		});
	}

}

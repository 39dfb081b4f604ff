package dev.acmeboot.autoconfigure.metrics;

import java.nio.file.Path;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.acmeboot.autoconfigure.AcmeAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AcmeMetricsAutoConfiguration}.
 */
class AcmeMetricsAutoConfigurationTests {

	@TempDir
	Path storage;

	private WebApplicationContextRunner runner() {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AcmeAutoConfiguration.class, SslAutoConfiguration.class,
					AcmeMetricsAutoConfiguration.class))
			.withPropertyValues("acme.domains=app.example.test", "acme.accept-terms-of-service=true",
					"acme.directory-url=https://127.0.0.1:1/dir", "acme.storage-location=" + this.storage);
	}

	@Test
	void registersMetersWithBootRegistry() {
		runner().withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(AcmeMetrics.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.find("acme.certificate.expiry").tag("certificate", "app.example.test").timeGauge())
					.isNotNull();
				assertThat(registry.find("acme.orders").tag("outcome", "failure").counter()).isNotNull();
			});
	}

	@Test
	void registersMetersWithUserRegistry() {
		runner().withUserConfiguration(UserRegistry.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(AcmeMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("acme.certificate.expiry").timeGauge()).isNotNull();
		});
	}

	@Test
	void backsOffWithoutMeterRegistryBean() {
		runner().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(AcmeMetrics.class);
		});
	}

	@Test
	void backsOffWithoutMicrometer() {
		runner().withClassLoader(new FilteredClassLoader("io.micrometer.core")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(AcmeMetrics.class);
		});
	}

	@Test
	void backsOffWhenAcmeDisabled() {
		runner().withUserConfiguration(UserRegistry.class).withPropertyValues("acme.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(AcmeMetrics.class);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserRegistry {

		@Bean
		SimpleMeterRegistry userMeterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}

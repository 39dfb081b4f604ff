package dev.acmeboot.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

import dev.acmeboot.autoconfigure.AcmeAutoConfiguration;
import dev.acmeboot.autoconfigure.ssl.CertificateState;

/**
 * Auto-configuration of the Micrometer meters of the managed certificates.
 *
 * @author ACME Spring Boot contributors
 */
@AutoConfiguration(after = AcmeAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnSingleCandidate(MeterRegistry.class)
@ConditionalOnBean(CertificateState.class)
public final class AcmeMetricsAutoConfiguration {

	AcmeMetricsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	AcmeMetrics acmeMetrics(MeterRegistry registry, ObjectProvider<CertificateState> certificates) {
		return new AcmeMetrics(registry, certificates.orderedStream().toList());
	}

}

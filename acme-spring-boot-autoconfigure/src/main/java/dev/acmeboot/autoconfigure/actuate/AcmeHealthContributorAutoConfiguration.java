package dev.acmeboot.autoconfigure.actuate;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.acmeboot.autoconfigure.AcmeAutoConfiguration;
import dev.acmeboot.autoconfigure.AcmeProperties;
import dev.acmeboot.autoconfigure.diagnostics.AcmeConfigurationException;
import dev.acmeboot.autoconfigure.ssl.CertificateState;

/**
 * Auto-configuration of the {@code acme} health indicator.
 *
 * @author ACME Spring Boot contributors
 */
@AutoConfiguration(after = AcmeAutoConfiguration.class, before = HealthContributorAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(CertificateState.class)
@EnableConfigurationProperties(AcmeProperties.class)
public final class AcmeHealthContributorAutoConfiguration {

	AcmeHealthContributorAutoConfiguration() {
	}

	// The health condition sits on the method, so that without spring-boot-health the
	// class-level @ConditionalOnClass skips this class before the condition is loaded.
	@Bean
	@ConditionalOnEnabledHealthIndicator("acme")
	@ConditionalOnMissingBean(name = { "acmeHealthIndicator", "acmeHealthContributor" })
	AcmeHealthIndicator acmeHealthIndicator(ObjectProvider<CertificateState> certificates, AcmeProperties properties) {
		AcmeProperties.Health health = properties.getHealth();
		Duration gracePeriod = health.getPlaceholderGracePeriod();
		if (gracePeriod.isNegative()) {
			throw new AcmeConfigurationException("acme.health.placeholder-grace-period", gracePeriod,
					"The grace period is negative.", "Set 'acme.health.placeholder-grace-period' to 0 or more, "
							+ "such as 10m.");
		}
		if (health.getMaxFailures() < 0) {
			throw new AcmeConfigurationException("acme.health.max-failures", health.getMaxFailures(),
					"The maximum number of failures is negative.", "Set 'acme.health.max-failures' to 0 or more.");
		}
		return new AcmeHealthIndicator(certificates.orderedStream().toList(), gracePeriod, health.getMaxFailures());
	}

}

package dev.acmeboot.autoconfigure.actuate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.acmeboot.autoconfigure.AcmeAutoConfiguration;
import dev.acmeboot.autoconfigure.maintenance.CertificateManager;

/**
 * Auto-configuration of the {@code acme} actuator endpoint. Like every endpoint, it is
 * created only when it is exposed, for example through
 * {@code management.endpoints.web.exposure.include}.
 *
 * @author ACME Spring Boot contributors
 */
@AutoConfiguration(after = AcmeAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(CertificateManager.class)
public final class AcmeEndpointAutoConfiguration {

	AcmeEndpointAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	AcmeEndpoint acmeEndpoint(ObjectProvider<CertificateManager> managers) {
		return new AcmeEndpoint(managers.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(endpoint = AcmeEndpoint.class, exposure = EndpointExposure.WEB)
	AcmeEndpointWebExtension acmeEndpointWebExtension(AcmeEndpoint endpoint) {
		return new AcmeEndpointWebExtension(endpoint);
	}

}

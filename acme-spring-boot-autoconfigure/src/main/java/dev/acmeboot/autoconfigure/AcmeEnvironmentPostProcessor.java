package dev.acmeboot.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points the web server's HTTPS connector at the managed SSL bundle by adding
 * {@code server.ssl.bundle} with the lowest precedence, so any value the user sets still
 * wins. Nothing is added when {@code acme.enabled} is false or the application is not a
 * servlet web application.
 *
 * @author ACME Spring Boot contributors
 */
public class AcmeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "acmeDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (application.getWebApplicationType() != WebApplicationType.SERVLET
				|| !environment.getProperty("acme.enabled", Boolean.class, true)) {
			return;
		}
		String bundle = environment.getProperty("acme.ssl-bundle", AcmeProperties.DEFAULT_SSL_BUNDLE);
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of("server.ssl.bundle", bundle)));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}

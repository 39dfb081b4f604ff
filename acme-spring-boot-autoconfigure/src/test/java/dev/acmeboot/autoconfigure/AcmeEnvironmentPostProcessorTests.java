package dev.acmeboot.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AcmeEnvironmentPostProcessor}.
 */
class AcmeEnvironmentPostProcessorTests {

	private final AcmeEnvironmentPostProcessor postProcessor = new AcmeEnvironmentPostProcessor();

	@Test
	void defaultsServerSslBundleToAcme() {
		MockEnvironment environment = new MockEnvironment();
		this.postProcessor.postProcessEnvironment(environment, application(WebApplicationType.SERVLET));
		assertThat(environment.getProperty("server.ssl.bundle")).isEqualTo("acme");
	}

	@Test
	void followsConfiguredBundleName() {
		MockEnvironment environment = new MockEnvironment().withProperty("acme.ssl-bundle", "site");
		this.postProcessor.postProcessEnvironment(environment, application(WebApplicationType.SERVLET));
		assertThat(environment.getProperty("server.ssl.bundle")).isEqualTo("site");
	}

	@Test
	void userValueWins() {
		MockEnvironment environment = new MockEnvironment().withProperty("server.ssl.bundle", "mine");
		this.postProcessor.postProcessEnvironment(environment, application(WebApplicationType.SERVLET));
		assertThat(environment.getProperty("server.ssl.bundle")).isEqualTo("mine");
	}

	@Test
	void addsNothingWhenDisabled() {
		MockEnvironment environment = new MockEnvironment().withProperty("acme.enabled", "false");
		this.postProcessor.postProcessEnvironment(environment, application(WebApplicationType.SERVLET));
		assertThat(environment.getProperty("server.ssl.bundle")).isNull();
	}

	@Test
	void addsNothingForReactiveApplication() {
		MockEnvironment environment = new MockEnvironment();
		this.postProcessor.postProcessEnvironment(environment, application(WebApplicationType.REACTIVE));
		assertThat(environment.getProperty("server.ssl.bundle")).isNull();
	}

	private static SpringApplication application(WebApplicationType type) {
		SpringApplication application = new SpringApplication();
		application.setWebApplicationType(type);
		return application;
	}

}

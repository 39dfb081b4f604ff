package dev.acmeboot.autoconfigure.challenge.dns;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.acmeboot.autoconfigure.AcmeAutoConfiguration;
import dev.acmeboot.autoconfigure.challenge.Http01Connector;
import dev.acmeboot.autoconfigure.challenge.Http01ConnectorCustomizer;
import dev.acmeboot.autoconfigure.challenge.Http01TokenStore;
import dev.acmeboot.autoconfigure.diagnostics.AcmeConfigurationException;
import dev.acmeboot.autoconfigure.issuance.ChallengeSolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DnsChallengeConfiguration} within {@link AcmeAutoConfiguration}.
 */
class DnsChallengeConfigurationTests {

	private static final String SECRET = "c2VjcmV0LW9mLXRoZS10ZXN0LWtleS0xMjM0NTY3ODk=";

	@TempDir
	Path storage;

	private WebApplicationContextRunner runner() {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AcmeAutoConfiguration.class, SslAutoConfiguration.class))
			.withPropertyValues("acme.domains=app.example.test,*.app.example.test",
					"acme.accept-terms-of-service=true", "acme.directory-url=https://127.0.0.1:1/dir",
					"acme.storage-location=" + this.storage, "acme.challenge-type=dns-01");
	}

	private WebApplicationContextRunner rfc2136Runner() {
		return runner().withPropertyValues("acme.dns.provider=rfc2136", "acme.dns.rfc2136.server=127.0.0.1:5353",
				"acme.dns.rfc2136.zone=example.test", "acme.dns.rfc2136.key-name=acme-key",
				"acme.dns.rfc2136.key-secret=" + SECRET);
	}

	@Test
	void rfc2136ConfiguresDnsSolverWithoutHttpConnector() {
		rfc2136Runner().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(ChallengeSolver.class).isInstanceOf(DnsChallengeSolver.class);
			assertThat(context).getBean(DnsProvider.class).isInstanceOf(Rfc2136DnsProvider.class);
			assertThat(context).doesNotHaveBean(Http01ConnectorCustomizer.class);
			assertThat(context).doesNotHaveBean(Http01Connector.class);
			assertThat(context).doesNotHaveBean(Http01TokenStore.class);
		});
	}

	@Test
	void http01RemainsDefault() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AcmeAutoConfiguration.class, SslAutoConfiguration.class))
			.withPropertyValues("acme.domains=app.example.test", "acme.accept-terms-of-service=true",
					"acme.directory-url=https://127.0.0.1:1/dir", "acme.storage-location=" + this.storage)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(Http01ConnectorCustomizer.class);
				assertThat(context).doesNotHaveBean(DnsProvider.class);
				assertThat(context).doesNotHaveBean(AcmeDnsProperties.class);
				assertThat(context).getBean(ChallengeSolver.class).isNotInstanceOf(DnsChallengeSolver.class);
			});
	}

	@Test
	void challengeTypeBindsRelaxedForms() {
		for (String value : new String[] { "DNS_01", "dns01", "Dns-01" }) {
			rfc2136Runner().withPropertyValues("acme.challenge-type=" + value).run((context) -> {
				assertThat(context).as(value).hasNotFailed();
				assertThat(context).as(value).getBean(ChallengeSolver.class).isInstanceOf(DnsChallengeSolver.class);
				assertThat(context).as(value).doesNotHaveBean(Http01ConnectorCustomizer.class);
			});
		}
	}

	@Test
	void execConfiguresExecProvider() {
		runner().withPropertyValues("acme.dns.provider=exec", "acme.dns.exec.command=sh,-c,exit 0")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(DnsProvider.class).isInstanceOf(ExecDnsProvider.class);
			});
	}

	@Test
	void userProviderReplacesConfiguredOne() {
		runner().withPropertyValues("acme.dns.provider=rfc2136")
			.withUserConfiguration(UserProviderConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(DnsProvider.class).isSameAs(UserProviderConfiguration.PROVIDER);
				assertThat(context).getBean(ChallengeSolver.class).isInstanceOf(DnsChallengeSolver.class);
			});
	}

	@Test
	void userSolverNeedsNoProvider() {
		runner().withUserConfiguration(UserSolverConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(DnsProvider.class);
			assertThat(context).getBean(ChallengeSolver.class).isSameAs(UserSolverConfiguration.SOLVER);
		});
	}

	@Test
	void missingProviderFails() {
		runner().run((context) -> assertFailure(context, "acme.dns.provider", "'rfc2136' or 'exec'"));
	}

	@Test
	void missingRfc2136SettingFails() {
		rfc2136Runner().withPropertyValues("acme.dns.rfc2136.zone=")
			.run((context) -> assertFailure(context, "acme.dns.rfc2136.zone", "Set 'acme.dns.rfc2136.zone'"));
	}

	@Test
	void missingExecCommandFails() {
		runner().withPropertyValues("acme.dns.provider=exec")
			.run((context) -> assertFailure(context, "acme.dns.exec.command", "Set 'acme.dns.exec.command'"));
	}

	@Test
	void nonPositivePropagationTimeoutFails() {
		rfc2136Runner().withPropertyValues("acme.dns.propagation-timeout=0s")
			.run((context) -> assertFailure(context, "acme.dns.propagation-timeout", "positive duration"));
	}

	@Test
	void nonPositivePropagationIntervalFails() {
		rfc2136Runner().withPropertyValues("acme.dns.propagation-interval=-1s")
			.run((context) -> assertFailure(context, "acme.dns.propagation-interval", "positive duration"));
	}

	@Test
	void malformedPropagationServerFails() {
		rfc2136Runner().withPropertyValues("acme.dns.propagation-servers=127.0.0.1:5353,127.0.0.1:dns")
			.run((context) -> assertFailure(context, "acme.dns.propagation-servers", "host name or IP address"));
	}

	@Test
	void missingDnsjavaFailsNamingDependency() {
		runner().withClassLoader(new FilteredClassLoader("org.xbill.DNS"))
			.withUserConfiguration(UserProviderConfiguration.class)
			.run((context) -> assertFailure(context, "acme.challenge-type", "'dnsjava:dnsjava'"));
	}

	@Test
	void wildcardWithHttp01Fails() {
		runner().withPropertyValues("acme.challenge-type=http-01")
			.run((context) -> assertFailure(context, "acme.challenge-type", "acme.challenge-type=dns-01"));
	}

	private static void assertFailure(AssertableWebApplicationContext context, String property, String action) {
		assertThat(context).hasFailed();
		assertThat(context.getStartupFailure()).rootCause()
			.isInstanceOf(AcmeConfigurationException.class)
			.satisfies((ex) -> assertThat(((AcmeConfigurationException) ex).getProperty()).isEqualTo(property))
			.satisfies((ex) -> assertThat(((AcmeConfigurationException) ex).getAction()).contains(action));
		assertThat(context.getStartupFailure()).rootCause().message().doesNotContain(SECRET);
	}

	@Configuration(proxyBeanMethods = false)
	static class UserProviderConfiguration {

		static final DnsProvider PROVIDER = new DnsProvider() {

			@Override
			public void createTxtRecord(String name, String value) {
			}

			@Override
			public void deleteTxtRecord(String name, String value) {
			}

		};

		@Bean
		DnsProvider userDnsProvider() {
			return PROVIDER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSolverConfiguration {

		static final ChallengeSolver SOLVER = new ChallengeSolver() {

			@Override
			public String getChallengeType() {
				return "dns-01";
			}

			@Override
			public void prepare(org.shredzone.acme4j.Authorization authorization,
					org.shredzone.acme4j.challenge.Challenge challenge) {
			}

			@Override
			public void cleanUp(org.shredzone.acme4j.Authorization authorization,
					org.shredzone.acme4j.challenge.Challenge challenge) {
			}

		};

		@Bean
		ChallengeSolver userChallengeSolver() {
			return SOLVER;
		}

	}

}

package dev.acmeboot.autoconfigure;

import java.nio.file.Path;
import java.util.Optional;

import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.certificate.ManagedCertificate;
import dev.acmeboot.autoconfigure.certificate.SelfSignedCertificateFactory;
import dev.acmeboot.autoconfigure.challenge.Http01Connector;
import dev.acmeboot.autoconfigure.challenge.Http01ConnectorCustomizer;
import dev.acmeboot.autoconfigure.diagnostics.AcmeConfigurationException;
import dev.acmeboot.autoconfigure.issuance.ChallengeSolver;
import dev.acmeboot.autoconfigure.maintenance.CertificateMaintainer;
import dev.acmeboot.autoconfigure.ssl.AcmeSslBundleRegistrar;
import dev.acmeboot.autoconfigure.storage.CertificateStore;
import dev.acmeboot.autoconfigure.storage.FileCertificateStore;
import dev.acmeboot.autoconfigure.storage.RenewalRecord;
import dev.acmeboot.autoconfigure.storage.StoredAccount;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AcmeAutoConfiguration}.
 */
class AcmeAutoConfigurationTests {

	@TempDir
	Path storage;

	private WebApplicationContextRunner runner() {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AcmeAutoConfiguration.class, SslAutoConfiguration.class))
			.withPropertyValues("acme.domains=app.example.test", "acme.accept-terms-of-service=true",
					"acme.directory-url=https://127.0.0.1:1/dir", "acme.storage-location=" + this.storage);
	}

	@Test
	void registersBeansForServletWebApplication() {
		runner().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(AcmeSslBundleRegistrar.class);
			assertThat(context).hasSingleBean(Http01ConnectorCustomizer.class);
			assertThat(context).hasSingleBean(CertificateMaintainer.class);
			assertThat(context).hasSingleBean(FileCertificateStore.class);
			assertThat(context.getBean(ManagedCertificate.class).domains()).containsExactly("app.example.test");
		});
	}

	@Test
	void registersPlaceholderBundleWithoutStoredCertificate() {
		runner().run((context) -> {
			SslBundles bundles = context.getBean(SslBundles.class);
			assertThat(bundles.getBundleNames()).contains("acme");
			assertThat(bundles.getBundle("acme").getStores().getKeyStore().size()).isEqualTo(1);
		});
	}

	@Test
	void redirectsToHttpsByDefault() {
		runner().run((context) -> assertThat(context.getBean(Http01Connector.class).isRedirect()).isTrue());
	}

	@Test
	void httpRedirectCanBeTurnedOff() {
		runner().withPropertyValues("acme.http-redirect=false")
			.run((context) -> assertThat(context.getBean(Http01Connector.class).isRedirect()).isFalse());
	}

	@Test
	void backsOffWhenDisabled() {
		runner().withPropertyValues("acme.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(AcmeSslBundleRegistrar.class);
			assertThat(context).doesNotHaveBean(CertificateMaintainer.class);
		});
	}

	@Test
	void backsOffWhenNotWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AcmeAutoConfiguration.class, SslAutoConfiguration.class))
			.withPropertyValues("acme.domains=app.example.test", "acme.accept-terms-of-service=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(AcmeSslBundleRegistrar.class);
			});
	}

	@Test
	void backsOffWithoutTomcat() {
		runner().withClassLoader(new FilteredClassLoader(Tomcat.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(AcmeSslBundleRegistrar.class);
		});
	}

	@Test
	void backsOffWithoutAcme4j() {
		runner().withClassLoader(new FilteredClassLoader("org.shredzone.acme4j")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(AcmeSslBundleRegistrar.class);
		});
	}

	@Test
	void userBeansReplaceDefaults() {
		runner().withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(CertificateStore.class);
			assertThat(context.getBean(CertificateStore.class)).isSameAs(context.getBean("userStore"));
			assertThat(context).hasSingleBean(ChallengeSolver.class);
			assertThat(context.getBean(ChallengeSolver.class)).isSameAs(context.getBean("userSolver"));
			assertThat(context).hasSingleBean(AcmeSslBundleRegistrar.class);
			assertThat(context.getBean(AcmeSslBundleRegistrar.class)).isSameAs(context.getBean("userRegistrar"));
		});
	}

	@Test
	void failsWithoutDomains() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AcmeAutoConfiguration.class, SslAutoConfiguration.class))
			.withPropertyValues("acme.accept-terms-of-service=true", "acme.storage-location=" + this.storage)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(AcmeConfigurationException.class)
					.hasMessageContaining("No domain names");
			});
	}

	@Test
	void failsWhenTermsNotAccepted() {
		runner().withPropertyValues("acme.accept-terms-of-service=false").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(AcmeConfigurationException.class)
				.satisfies((ex) -> assertThat(((AcmeConfigurationException) ex).getProperty())
					.isEqualTo("acme.accept-terms-of-service"));
		});
	}

	@Test
	void failsWhenDirectorySslBundleIsMissing() {
		runner().withPropertyValues("acme.directory-ssl-bundle=missing").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(AcmeConfigurationException.class)
				.hasMessageContaining("'missing'");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		@Bean
		CertificateStore userStore() {
			return new CertificateStore() {

				@Override
				public Optional<StoredAccount> loadAccount(String accountId) {
					return Optional.empty();
				}

				@Override
				public void saveAccount(String accountId, StoredAccount account) {
				}

				@Override
				public Optional<CertificateBundle> loadCertificate(String certificateId) {
					return Optional.empty();
				}

				@Override
				public void saveCertificate(String certificateId, CertificateBundle bundle) {
				}

				@Override
				public Optional<RenewalRecord> loadRenewalRecord(String certificateId) {
					return Optional.empty();
				}

				@Override
				public void saveRenewalRecord(String certificateId, RenewalRecord record) {
				}

			};
		}

		@Bean
		ChallengeSolver userSolver() {
			return new ChallengeSolver() {

				@Override
				public String getChallengeType() {
					return "http-01";
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
		}

		@Bean
		AcmeSslBundleRegistrar userRegistrar(CertificateStore store) {
			return new AcmeSslBundleRegistrar("acme", store,
					new dev.acmeboot.autoconfigure.certificate.CertificateVerifier(java.time.Clock.systemUTC()),
					new SelfSignedCertificateFactory(java.time.Clock.systemUTC()),
					new dev.acmeboot.autoconfigure.ssl.CertificateState(
							ManagedCertificate.of(java.util.List.of("app.example.test"),
									dev.acmeboot.autoconfigure.certificate.KeyType.EC_P256)));
		}

	}

}

package dev.acmeboot.autoconfigure;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

import javax.net.ssl.SSLContext;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.catalina.startup.Tomcat;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.shredzone.acme4j.Session;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.acmeboot.autoconfigure.certificate.CertificateVerifier;
import dev.acmeboot.autoconfigure.certificate.ManagedCertificate;
import dev.acmeboot.autoconfigure.certificate.SelfSignedCertificateFactory;
import dev.acmeboot.autoconfigure.challenge.ChallengeType;
import dev.acmeboot.autoconfigure.challenge.ConditionalOnChallengeType;
import dev.acmeboot.autoconfigure.challenge.Http01ChallengeSolver;
import dev.acmeboot.autoconfigure.challenge.Http01Connector;
import dev.acmeboot.autoconfigure.challenge.Http01ConnectorCustomizer;
import dev.acmeboot.autoconfigure.challenge.Http01TokenStore;
import dev.acmeboot.autoconfigure.challenge.dns.DnsChallengeConfiguration;
import dev.acmeboot.autoconfigure.diagnostics.AcmeConfigurationException;
import dev.acmeboot.autoconfigure.diagnostics.AcmeConfigurationValidator;
import dev.acmeboot.autoconfigure.diagnostics.StorageLocationValidator;
import dev.acmeboot.autoconfigure.issuance.AccountIds;
import dev.acmeboot.autoconfigure.issuance.AccountManager;
import dev.acmeboot.autoconfigure.issuance.AcmeClient;
import dev.acmeboot.autoconfigure.issuance.AcmeSessionFactory;
import dev.acmeboot.autoconfigure.issuance.CertificateIssuer;
import dev.acmeboot.autoconfigure.issuance.ChallengeSolver;
import dev.acmeboot.autoconfigure.issuance.StatusPoller;
import dev.acmeboot.autoconfigure.maintenance.CertificateMaintainer;
import dev.acmeboot.autoconfigure.maintenance.CertificateMaintainer.MaintenanceSettings;
import dev.acmeboot.autoconfigure.maintenance.CertificateManager;
import dev.acmeboot.autoconfigure.ssl.AcmeSslBundleRegistrar;
import dev.acmeboot.autoconfigure.ssl.CertificateInstaller;
import dev.acmeboot.autoconfigure.ssl.CertificateState;
import dev.acmeboot.autoconfigure.storage.CertificateStore;
import dev.acmeboot.autoconfigure.storage.FileCertificateStore;

/**
 * Auto-configuration for certificates obtained through ACME and served by the embedded
 * Tomcat. The HTTP-01 beans, including the plain-HTTP connector, exist only while
 * {@code acme.challenge-type} is {@code http-01}; {@link DnsChallengeConfiguration}
 * provides the solver for {@code dns-01}.
 *
 * @author ACME Spring Boot contributors
 */
@AutoConfiguration(before = SslAutoConfiguration.class)
@ConditionalOnClass({ Session.class, X509v3CertificateBuilder.class, Caffeine.class, Tomcat.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "acme.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AcmeProperties.class)
@Import(DnsChallengeConfiguration.class)
public final class AcmeAutoConfiguration {

	private static final Clock CLOCK = Clock.systemUTC();

	AcmeAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	ManagedCertificate acmeManagedCertificate(AcmeProperties properties) {
		return AcmeConfigurationValidator.validate(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	CertificateState acmeCertificateState(ManagedCertificate certificate) {
		return new CertificateState(certificate);
	}

	@Bean
	@ConditionalOnMissingBean
	CertificateStore acmeCertificateStore(AcmeProperties properties) {
		StorageLocationValidator.validate(properties.getStorageLocation());
		return new FileCertificateStore(properties.getStorageLocation(), CLOCK);
	}

	@Bean
	@ConditionalOnMissingBean
	AcmeSslBundleRegistrar acmeSslBundleRegistrar(AcmeProperties properties, CertificateStore store,
			CertificateState state) {
		return new AcmeSslBundleRegistrar(properties.getSslBundle(), store, new CertificateVerifier(CLOCK),
				new SelfSignedCertificateFactory(CLOCK), state);
	}

	@Bean
	@ConditionalOnChallengeType(ChallengeType.HTTP_01)
	@ConditionalOnMissingBean
	Http01TokenStore acmeHttp01TokenStore() {
		return new Http01TokenStore();
	}

	@Bean
	@ConditionalOnChallengeType(ChallengeType.HTTP_01)
	@ConditionalOnMissingBean
	Http01Connector acmeHttp01Connector(AcmeProperties properties) {
		return new Http01Connector(properties.getHttpPort(), properties.isHttpRedirect());
	}

	@Bean
	@ConditionalOnChallengeType(ChallengeType.HTTP_01)
	Http01ConnectorCustomizer acmeHttp01ConnectorCustomizer(Http01Connector connector, Http01TokenStore tokens,
			ManagedCertificate certificate) {
		return new Http01ConnectorCustomizer(connector, tokens, certificate.domains());
	}

	@Bean
	@ConditionalOnChallengeType(ChallengeType.HTTP_01)
	@ConditionalOnMissingBean
	ChallengeSolver acmeChallengeSolver(Http01TokenStore tokens) {
		return new Http01ChallengeSolver(tokens);
	}

	@Bean
	@ConditionalOnMissingBean
	AcmeSessionFactory acmeSessionFactory(AcmeProperties properties, ObjectProvider<SslBundles> sslBundles) {
		URI directory = URI.create(properties.getDirectoryUrl());
		String bundleName = properties.getDirectorySslBundle();
		SSLContext sslContext = null;
		if (bundleName != null && !bundleName.isBlank()) {
			SslBundles bundles = sslBundles.getIfAvailable();
			if (bundles == null || !bundles.getBundleNames().contains(bundleName)) {
				List<String> names = (bundles != null) ? bundles.getBundleNames() : List.of();
				throw new AcmeConfigurationException("acme.directory-ssl-bundle", bundleName,
						"No SSL bundle named '" + bundleName + "' is configured. The configured bundles are "
								+ names + ".",
						"Define the bundle under 'spring.ssl.bundle.pem." + bundleName
								+ "' (or 'spring.ssl.bundle.jks." + bundleName
								+ "') with the CA's trust material, or remove 'acme.directory-ssl-bundle'.");
			}
			sslContext = bundles.getBundle(bundleName).createSslContext();
		}
		return new AcmeSessionFactory(directory, sslContext);
	}

	@Bean
	@ConditionalOnMissingBean
	AccountManager acmeAccountManager(AcmeProperties properties, CertificateStore store) {
		String accountId = AccountIds.of(URI.create(properties.getDirectoryUrl()));
		return new AccountManager(store, accountId, properties.getEmail());
	}

	@Bean
	@ConditionalOnMissingBean
	AcmeClient acmeClient(AcmeSessionFactory sessions, AccountManager accounts, AcmeProperties properties) {
		return new AcmeClient(sessions, accounts, properties.isRecreateAccount(), CLOCK);
	}

	@Bean
	@ConditionalOnMissingBean
	CertificateIssuer acmeCertificateIssuer(AcmeClient client, ChallengeSolver solver) {
		return new CertificateIssuer(client, solver, new StatusPoller(CLOCK));
	}

	@Bean
	@ConditionalOnMissingBean
	CertificateInstaller acmeCertificateInstaller(AcmeProperties properties,
			ObjectProvider<SslBundleRegistry> registry, CertificateState state) {
		return new CertificateInstaller(properties.getSslBundle(), registry::getObject, new CertificateVerifier(CLOCK),
				state);
	}

	@Bean
	@ConditionalOnMissingBean
	CertificateMaintainer acmeCertificateMaintainer(CertificateState state, CertificateIssuer issuer,
			AcmeClient client, CertificateStore store, CertificateInstaller installer,
			ApplicationEventPublisher events, AcmeProperties properties) {
		AcmeProperties.Renewal renewal = properties.getRenewal();
		MaintenanceSettings settings = new MaintenanceSettings(renewal.getCheckInterval(),
				AcmeConfigurationValidator.retrySchedule(renewal.getRetryDelays()), renewal.isRenewalInfo(), CLOCK,
				new SecureRandom());
		return new CertificateMaintainer(state, issuer, client, new CertificateVerifier(CLOCK), store, installer,
				events, settings);
	}

	@Bean
	@ConditionalOnMissingBean
	CertificateManager acmeCertificateManager(CertificateMaintainer maintainer, CertificateState state) {
		return new CertificateManager(maintainer, state);
	}

}

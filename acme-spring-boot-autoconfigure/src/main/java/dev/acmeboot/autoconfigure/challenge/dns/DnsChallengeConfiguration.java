package dev.acmeboot.autoconfigure.challenge.dns;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

import dev.acmeboot.autoconfigure.certificate.ManagedCertificate;
import dev.acmeboot.autoconfigure.challenge.ChallengeType;
import dev.acmeboot.autoconfigure.challenge.ConditionalOnChallengeType;
import dev.acmeboot.autoconfigure.diagnostics.AcmeConfigurationException;
import dev.acmeboot.autoconfigure.issuance.ChallengeSolver;

/**
 * Configuration of the DNS-01 challenge, active when {@code acme.challenge-type} is
 * {@code dns-01} and the application defines no {@link ChallengeSolver} of its own. It
 * needs dnsjava on the class path for the propagation check and the
 * {@code rfc2136} provider, and reports its absence at start-up.
 *
 * @author ACME Spring Boot contributors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnChallengeType(ChallengeType.DNS_01)
@ConditionalOnMissingBean(ChallengeSolver.class)
@EnableConfigurationProperties(AcmeDnsProperties.class)
public final class DnsChallengeConfiguration implements BeanClassLoaderAware {

	private static final String DNSJAVA_CLASS = "org.xbill.DNS.Resolver";

	private @Nullable ClassLoader classLoader;

	DnsChallengeConfiguration() {
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Bean
	@ConditionalOnMissingBean
	DnsProvider acmeDnsProvider(AcmeDnsProperties properties, ManagedCertificate certificate) {
		AcmeDnsProperties.Provider provider = properties.getProvider();
		if (provider == null) {
			throw new AcmeConfigurationException("acme.dns.provider", null,
					"DNS-01 needs a DNS provider to create the TXT records, and none is configured.",
					"Set 'acme.dns.provider' to 'rfc2136' or 'exec' with its settings under 'acme.dns', or define a "
							+ "bean that implements " + DnsProvider.class.getName() + ".");
		}
		return switch (provider) {
			case RFC2136 -> {
				requireDnsjava();
				yield new Rfc2136DnsProvider(Rfc2136Settings.of(properties.getRfc2136(), certificate.domains()));
			}
			case EXEC -> ExecDnsProvider.of(properties.getExec());
		};
	}

	@Bean
	ChallengeSolver acmeDnsChallengeSolver(DnsProvider provider, AcmeDnsProperties properties) {
		requireDnsjava();
		Duration timeout = requirePositive("acme.dns.propagation-timeout", properties.getPropagationTimeout(), "2m");
		Duration interval = requirePositive("acme.dns.propagation-interval", properties.getPropagationInterval(),
				"2s");
		AuthoritativeServers servers = authoritativeServers(properties, provider);
		return new DnsChallengeSolver(provider, new AuthoritativePropagationCheck(servers, timeout, interval));
	}

	/**
	 * Chooses the servers of the propagation check: the configured ones, else the
	 * {@code rfc2136} server, else the name servers of each record's zone.
	 */
	private static AuthoritativeServers authoritativeServers(AcmeDnsProperties properties, DnsProvider provider) {
		List<String> configured = properties.getPropagationServers();
		if (!configured.isEmpty()) {
			return AuthoritativeServers.of(configured.stream()
				.map((server) -> DnsServerAddress.parse("acme.dns.propagation-servers", server))
				.toList());
		}
		if (provider instanceof Rfc2136DnsProvider rfc2136) {
			return AuthoritativeServers.of(List.of(rfc2136.server()));
		}
		return AuthoritativeServers.lookUpNameServers();
	}

	private void requireDnsjava() {
		if (!ClassUtils.isPresent(DNSJAVA_CLASS, this.classLoader)) {
			throw new AcmeConfigurationException("acme.challenge-type", ChallengeType.DNS_01,
					"DNS-01 needs the dnsjava library, which is not on the class path.",
					"Add the dependency 'dnsjava:dnsjava' (tested with 3.6.3) to the application, or set "
							+ "'acme.challenge-type=http-01'.");
		}
	}

	private static Duration requirePositive(String property, Duration value, String example) {
		if (value.isNegative() || value.isZero()) {
			throw new AcmeConfigurationException(property, value, "The duration must be positive.",
					"Set '" + property + "' to a positive duration such as '" + example
							+ "', or remove it to use that default.");
		}
		return value;
	}

}

package dev.acmeboot.autoconfigure.diagnostics;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

import dev.acmeboot.autoconfigure.AcmeProperties;
import dev.acmeboot.autoconfigure.certificate.DomainNames;
import dev.acmeboot.autoconfigure.certificate.InvalidDomainNameException;
import dev.acmeboot.autoconfigure.certificate.ManagedCertificate;
import dev.acmeboot.autoconfigure.challenge.ChallengeType;
import dev.acmeboot.autoconfigure.maintenance.RetrySchedule;

/**
 * Checks the {@code acme.*} properties at start-up and builds the managed certificate
 * from them, raising an {@link AcmeConfigurationException} for the first mistake found.
 *
 * @author ACME Spring Boot contributors
 */
public final class AcmeConfigurationValidator {

	private AcmeConfigurationValidator() {
	}

	/**
	 * Validates the properties and returns the certificate they describe.
	 * @param properties the bound properties
	 * @return the managed certificate with normalized names
	 * @throws AcmeConfigurationException if a property is missing or invalid
	 */
	public static ManagedCertificate validate(AcmeProperties properties) {
		List<String> domains = normalizeDomains(properties.getDomains());
		requireTermsAccepted(properties);
		validateDirectoryUrl(properties.getDirectoryUrl());
		validateHttpPort(properties.getHttpPort());
		validateCheckInterval(properties.getRenewal().getCheckInterval());
		requireDns01ForWildcards(domains, properties.getChallengeType());
		return ManagedCertificate.of(domains, properties.getKeyType());
	}

	/**
	 * Builds the retry schedule from {@code acme.renewal.retry-delays}.
	 * @param delays the configured delays
	 * @return the schedule
	 * @throws AcmeConfigurationException if the list is empty or a delay is not positive
	 */
	public static RetrySchedule retrySchedule(List<Duration> delays) {
		try {
			return new RetrySchedule(delays);
		}
		catch (IllegalArgumentException ex) {
			throw new AcmeConfigurationException("acme.renewal.retry-delays", delays,
					"The retry delays must be one or more positive durations.",
					"Set 'acme.renewal.retry-delays' to a list such as '1m,10m,100m,1d', or remove it to use that "
							+ "default.", ex);
		}
	}

	private static List<String> normalizeDomains(List<String> configured) {
		if (configured.isEmpty() || configured.stream().allMatch((name) -> name == null || name.isBlank())) {
			throw new AcmeConfigurationException("acme.domains", null,
					"No domain names are configured, so there is nothing to request a certificate for.",
					"Set 'acme.domains' to the names the certificate must cover, for example "
							+ "'acme.domains=example.com,www.example.com', or set 'acme.enabled=false'.");
		}
		try {
			return DomainNames.normalize(configured);
		}
		catch (InvalidDomainNameException ex) {
			throw new AcmeConfigurationException("acme.domains", ex.getName(),
					"The domain name '" + ex.getName() + "' is invalid: " + ex.getReason() + ".",
					"Correct or remove '" + ex.getName() + "' in 'acme.domains'.", ex);
		}
	}

	private static void requireDns01ForWildcards(List<String> domains, ChallengeType challengeType) {
		if (challengeType == ChallengeType.DNS_01) {
			return;
		}
		for (String domain : domains) {
			if (DomainNames.isWildcard(domain)) {
				throw new AcmeConfigurationException("acme.challenge-type", challengeType,
						"The wildcard name '" + domain + "' in 'acme.domains' can only be validated with the "
								+ "DNS-01 challenge, and " + challengeType + " is in use.",
						"Set 'acme.challenge-type=dns-01' and configure a DNS provider under 'acme.dns', or "
								+ "replace '" + domain + "' in 'acme.domains' with each host name.");
			}
		}
	}

	private static void requireTermsAccepted(AcmeProperties properties) {
		if (!properties.isAcceptTermsOfService()) {
			throw new AcmeConfigurationException("acme.accept-terms-of-service", false,
					"The CA's terms of service must be accepted before an account can be created at '"
							+ properties.getDirectoryUrl() + "'.",
					"Read the CA's terms of service and set 'acme.accept-terms-of-service=true'.");
		}
	}

	private static void validateDirectoryUrl(String directoryUrl) {
		String action = "Set 'acme.directory-url' to the https URL of the CA's ACME directory, for example '"
				+ AcmeProperties.LETS_ENCRYPT_STAGING + "'.";
		URI uri;
		try {
			uri = new URI(directoryUrl);
		}
		catch (URISyntaxException ex) {
			throw new AcmeConfigurationException("acme.directory-url", directoryUrl,
					"The directory URL is malformed: " + ex.getMessage() + ".", action, ex);
		}
		if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
			throw new AcmeConfigurationException("acme.directory-url", directoryUrl,
					"The directory URL must be an absolute https URL with a host (RFC 8555 requires HTTPS).", action);
		}
	}

	private static void validateCheckInterval(Duration interval) {
		if (interval.isNegative() || interval.isZero()) {
			throw new AcmeConfigurationException("acme.renewal.check-interval", interval,
					"The check interval must be positive.",
					"Set 'acme.renewal.check-interval' to a positive duration such as '1h', or remove it to use that "
							+ "default.");
		}
	}

	private static void validateHttpPort(int port) {
		if (port < 0 || port > 65535) {
			throw new AcmeConfigurationException("acme.http-port", port,
					"The HTTP-01 port must be between 0 and 65535.",
					"Set 'acme.http-port' to 80, the port CAs connect to, or to 0 for a free port in tests.");
		}
	}

}

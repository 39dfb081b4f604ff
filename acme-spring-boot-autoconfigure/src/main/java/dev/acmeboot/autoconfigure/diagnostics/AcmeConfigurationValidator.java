package dev.acmeboot.autoconfigure.diagnostics;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.jspecify.annotations.Nullable;

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

	private static final Pattern HOST_WITH_PORT = Pattern.compile("([^:\\[\\]]+):\\d+");

	/**
	 * Shortest check interval and retry delay accepted. Anything shorter is almost
	 * certainly a number written without a unit, which Spring Boot reads as milliseconds.
	 */
	static final Duration MIN_DURATION = Duration.ofSeconds(1);

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
		validateEmail(properties.getEmail());
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
		for (Duration delay : delays) {
			if (delay.compareTo(MIN_DURATION) < 0 && !delay.isNegative() && !delay.isZero()) {
				throw new AcmeConfigurationException("acme.renewal.retry-delays", delays,
						"Each retry delay must be at least one second, but one is " + delay.toMillis() + " ms. A number "
								+ "without a unit means milliseconds.",
						"Write each delay with its unit, as in '1m,10m,100m,1d', or remove the property to use that "
								+ "default.");
			}
		}
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
		for (String name : configured) {
			rejectUrlParts(name);
		}
		try {
			return DomainNames.normalize(configured);
		}
		catch (InvalidDomainNameException ex) {
			throw new AcmeConfigurationException("acme.domains", ex.getName(),
					"The domain name '" + ex.getName() + "' is invalid: " + ex.getReason() + ".",
					"Correct or remove '" + ex.getName() + "' in 'acme.domains'. Each entry must be a fully "
							+ "qualified DNS name such as 'www.example.com'.", ex);
		}
	}

	/**
	 * Rejects a URL, a path or a port in place of a host name with a message that names
	 * the mistake. Without this check, the colon of a port or scheme would get the name
	 * reported as an IP address.
	 */
	private static void rejectUrlParts(String name) {
		if (name == null) {
			return;
		}
		String trimmed = name.trim();
		String problem;
		if (trimmed.contains("://")) {
			problem = "is a URL, but 'acme.domains' takes host names only.";
		}
		else if (trimmed.contains("/")) {
			problem = "contains a path, but 'acme.domains' takes host names only.";
		}
		else if (HOST_WITH_PORT.matcher(trimmed).matches()) {
			problem = "contains a port, but 'acme.domains' takes host names only. A certificate is valid on "
					+ "every port, and the CA always connects to port 80 for HTTP-01.";
		}
		else {
			return;
		}
		throw new AcmeConfigurationException("acme.domains", name, "The domain name '" + name + "' " + problem,
				"Replace '" + name + "' with '" + hostPart(trimmed) + "' in 'acme.domains'.");
	}

	private static String hostPart(String url) {
		int scheme = url.indexOf("://");
		String host = (scheme >= 0) ? url.substring(scheme + 3) : url;
		int slash = host.indexOf('/');
		host = (slash >= 0) ? host.substring(0, slash) : host;
		int at = host.lastIndexOf('@');
		host = host.substring(at + 1);
		Matcher port = HOST_WITH_PORT.matcher(host);
		return port.matches() ? port.group(1) : host;
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

	/**
	 * Checks only the form of the directory URL. Start-up never waits for the CA, so an
	 * unreachable CA is reported by the first issuance attempt in the background, which
	 * logs a warning.
	 */
	private static void validateDirectoryUrl(String directoryUrl) {
		URI uri;
		try {
			uri = new URI(directoryUrl);
		}
		catch (URISyntaxException ex) {
			throw invalidDirectoryUrl(directoryUrl, "The directory URL is malformed: " + ex.getMessage() + ".", ex);
		}
		if ("acme".equalsIgnoreCase(uri.getScheme())) {
			throw invalidDirectoryUrl(directoryUrl,
					"acme4j's 'acme://' provider URIs are not supported, only the CA's https directory URL.", null);
		}
		if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getRawAuthority() == null) {
			throw invalidDirectoryUrl(directoryUrl,
					"The directory URL must be an absolute https URL with a host (RFC 8555 requires HTTPS).", null);
		}
		if (uri.getRawUserInfo() != null) {
			String withoutUserInfo = "https://" + uri.getRawAuthority().substring(uri.getRawUserInfo().length() + 1)
					+ Objects.toString(uri.getRawPath(), "");
			throw invalidDirectoryUrl(withoutUserInfo + " (user information removed)",
					"The directory URL must not contain user information, because ACME requests are "
							+ "authenticated with the account key and credentials in a URL end up in logs.", null);
		}
		validateDirectoryLocation(directoryUrl, uri);
	}

	private static void validateDirectoryLocation(String directoryUrl, URI uri) {
		if (uri.getHost() == null) {
			throw invalidDirectoryUrl(directoryUrl,
					"The host '" + uri.getRawAuthority() + "' of the directory URL is not a valid host name or address.",
					null);
		}
		if (uri.getPort() == 0 || uri.getPort() > 65535) {
			throw invalidDirectoryUrl(directoryUrl,
					"The port " + uri.getPort() + " of the directory URL is outside the range 1 to 65535.", null);
		}
		if (uri.getRawFragment() != null) {
			throw invalidDirectoryUrl(directoryUrl,
					"The directory URL has a fragment ('#" + uri.getRawFragment()
							+ "'), which is never sent to the CA, so it cannot select a directory.", null);
		}
		if (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/")) {
			throw invalidDirectoryUrl(directoryUrl, "The directory URL has no path. It must name the directory "
					+ "resource itself, such as '/directory', not only the CA's host.", null);
		}
	}

	private static AcmeConfigurationException invalidDirectoryUrl(String value, String problem,
			@Nullable Throwable cause) {
		return new AcmeConfigurationException("acme.directory-url", value, problem,
				"Set 'acme.directory-url' to the https URL of the CA's ACME directory, as given in the CA's "
						+ "documentation, for example '" + AcmeProperties.LETS_ENCRYPT_STAGING + "'.",
				cause);
	}

	private static void validateCheckInterval(Duration interval) {
		if (interval.compareTo(MIN_DURATION) < 0) {
			throw new AcmeConfigurationException("acme.renewal.check-interval", interval.toMillis() + " ms",
					"The check interval must be at least one second. A number without a unit means milliseconds.",
					"Set 'acme.renewal.check-interval' to a duration with its unit, such as '1h', or remove it to use "
							+ "that default.");
		}
	}

	private static void validateHttpPort(int port) {
		if (port < 0 || port > 65535) {
			throw new AcmeConfigurationException("acme.http-port", port,
					"The HTTP-01 port must be between 0 and 65535.",
					"Set 'acme.http-port' to 80, the port CAs connect to, or to 0 for a free port in tests.");
		}
	}

	private static void validateEmail(@Nullable String email) {
		if (email == null || email.isBlank()) {
			return;
		}
		int at = email.indexOf('@');
		boolean valid = at > 0 && at == email.lastIndexOf('@') && at < email.length() - 1
				&& email.chars().noneMatch((ch) -> Character.isWhitespace(ch) || ch == ',' || ch == ':')
				&& email.substring(at + 1).contains(".");
		if (!valid) {
			throw new AcmeConfigurationException("acme.email", email,
					"The contact address is not a valid e-mail address, and CAs reject accounts with one.",
					"Set 'acme.email' to one address such as 'ops@example.com' (without 'mailto:'), or remove it.");
		}
	}

}

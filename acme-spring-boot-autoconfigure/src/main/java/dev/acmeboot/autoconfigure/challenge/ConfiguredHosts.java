package dev.acmeboot.autoconfigure.challenge;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.acmeboot.autoconfigure.certificate.DomainNames;
import dev.acmeboot.autoconfigure.certificate.InvalidDomainNameException;

/**
 * Matches the host of a plain-HTTP request against the names of the certificate, so that
 * only those names are redirected to HTTPS.
 *
 * @author ACME Spring Boot contributors
 */
final class ConfiguredHosts {

	private final List<String> domains;

	/**
	 * Creates a matcher.
	 * @param domains the normalized names of the certificate, which may include
	 * wildcard names
	 */
	ConfiguredHosts(List<String> domains) {
		this.domains = List.copyOf(domains);
	}

	/**
	 * Returns the normalized host if the certificate covers it. The host is compared
	 * without case and without a trailing dot, and a wildcard name covers exactly one
	 * leftmost label. IP addresses, wildcard hosts and anything that is not a valid DNS
	 * name never match.
	 * @param serverName the host from the request, without its port
	 * @return the normalized host, or empty if the certificate does not cover it
	 */
	Optional<String> match(@Nullable String serverName) {
		if (serverName == null || serverName.isBlank()) {
			return Optional.empty();
		}
		String host;
		try {
			host = DomainNames.normalize(serverName);
		}
		catch (InvalidDomainNameException ex) {
			return Optional.empty();
		}
		if (DomainNames.isWildcard(host) || this.domains.stream().noneMatch((name) -> DomainNames.covers(name, host))) {
			return Optional.empty();
		}
		return Optional.of(host);
	}

}

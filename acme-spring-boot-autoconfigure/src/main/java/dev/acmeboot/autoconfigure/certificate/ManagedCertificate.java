package dev.acmeboot.autoconfigure.certificate;

import java.util.List;

/**
 * A certificate that the starter obtains and keeps current: its normalized domain names
 * and the type of its domain key.
 *
 * @param id the storage identifier, derived from the first name
 * @param domains the normalized names, first name first
 * @param keyType the type of the domain key
 * @author ACME Spring Boot contributors
 */
public record ManagedCertificate(String id, List<String> domains, KeyType keyType) {

	private static final String WILDCARD_ID_PREFIX = "_wildcard.";

	/**
	 * Creates a managed certificate from normalized names.
	 * @param domains the normalized names, not empty
	 * @param keyType the type of the domain key
	 * @return the managed certificate
	 */
	public static ManagedCertificate of(List<String> domains, KeyType keyType) {
		if (domains.isEmpty()) {
			throw new IllegalArgumentException("A managed certificate needs at least one domain name");
		}
		String first = domains.get(0);
		String id = DomainNames.isWildcard(first) ? WILDCARD_ID_PREFIX + first.substring(2) : first;
		return new ManagedCertificate(id, List.copyOf(domains), keyType);
	}

	/**
	 * Returns whether any name is a wildcard name.
	 * @return whether a wildcard is requested
	 */
	public boolean hasWildcard() {
		return this.domains.stream().anyMatch(DomainNames::isWildcard);
	}

}

package dev.acmeboot.autoconfigure.challenge;

/**
 * Challenge types that the starter can complete, set with {@code acme.challenge-type}.
 *
 * @author ACME Spring Boot contributors
 */
public enum ChallengeType {

	/**
	 * HTTP-01 (RFC 8555 section 8.3): the CA fetches a token from port 80 of each name,
	 * which a plain-HTTP connector of the application serves.
	 */
	HTTP_01("http-01"),

	/**
	 * DNS-01 (RFC 8555 section 8.4): the CA looks up a TXT record under
	 * {@code _acme-challenge.<name>}, which a DNS provider creates. It is the only type
	 * that validates wildcard names.
	 */
	DNS_01("dns-01");

	private final String type;

	ChallengeType(String type) {
		this.type = type;
	}

	/**
	 * Returns the challenge type as RFC 8555 spells it.
	 * @return the type, such as {@code http-01}
	 */
	public String type() {
		return this.type;
	}

	@Override
	public String toString() {
		return this.type;
	}

}

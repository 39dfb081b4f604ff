package dev.acmeboot.autoconfigure.challenge.dns;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

import dev.acmeboot.autoconfigure.certificate.DomainNames;
import dev.acmeboot.autoconfigure.diagnostics.AcmeConfigurationException;

/**
 * The validated settings of the {@code rfc2136} provider. The TSIG secret is kept only
 * as bytes and never appears in {@link #toString()} or an exception.
 *
 * @author ACME Spring Boot contributors
 */
final class Rfc2136Settings {

	/**
	 * TSIG algorithms that BIND 9.18's {@code tsig-keygen} creates and dnsjava 3.6
	 * verifies, strongest first.
	 */
	static final List<String> ALGORITHMS = List.of("hmac-sha512", "hmac-sha384", "hmac-sha256", "hmac-sha224",
			"hmac-sha1", "hmac-md5");

	private static final String PREFIX = "acme.dns.rfc2136.";

	private static final String HIDDEN = "(hidden)";

	private final DnsServerAddress server;

	private final Name zone;

	private final Name keyName;

	private final Name algorithm;

	private final byte[] secret;

	private Rfc2136Settings(DnsServerAddress server, Name zone, Name keyName, Name algorithm, byte[] secret) {
		this.server = server;
		this.zone = zone;
		this.keyName = keyName;
		this.algorithm = algorithm;
		this.secret = secret;
	}

	/**
	 * Validates the properties of the {@code rfc2136} provider.
	 * @param properties the bound properties
	 * @param domains the normalized names of the certificate, whose records must lie in
	 * the zone
	 * @return the settings
	 * @throws AcmeConfigurationException for the first missing or invalid property
	 */
	static Rfc2136Settings of(AcmeDnsProperties.Rfc2136 properties, List<String> domains) {
		DnsServerAddress server = DnsServerAddress.parse(PREFIX + "server", properties.getServer());
		Name zone = parseName("zone", properties.getZone(), "the zone that contains the '_acme-challenge' records, "
				+ "such as 'example.com'");
		Name keyName = parseName("key-name", properties.getKeyName(),
				"the name of the TSIG key that the server accepts updates from");
		Name algorithm = parseAlgorithm(properties.getKeyAlgorithm());
		byte[] secret = decodeSecret(properties.getKeySecret());
		for (String domain : domains) {
			requireInZone(zone, domain);
		}
		return new Rfc2136Settings(server, zone, keyName, algorithm, secret);
	}

	private static Name parseName(String key, @Nullable String value, String description) {
		String property = PREFIX + key;
		String action = "Set '" + property + "' to " + description + ".";
		if (value == null || value.isBlank()) {
			throw new AcmeConfigurationException(property, null, "The property is required by the rfc2136 provider.",
					action);
		}
		try {
			return Name.fromString(value.trim(), Name.root);
		}
		catch (TextParseException ex) {
			throw new AcmeConfigurationException(property, value,
					"'" + value + "' is not a valid DNS name: " + ex.getMessage() + ".", action, ex);
		}
	}

	private static Name parseAlgorithm(@Nullable String value) {
		String property = PREFIX + "key-algorithm";
		String normalized = (value != null) ? value.trim().toLowerCase(Locale.ROOT) : "";
		if (!ALGORITHMS.contains(normalized)) {
			throw new AcmeConfigurationException(property, value, "The TSIG algorithm is unknown.",
					"Set '" + property + "' to the algorithm of the key on the server, one of "
							+ String.join(", ", ALGORITHMS) + ", or remove it to use hmac-sha256.");
		}
		return TSIG.algorithmToName(normalized);
	}

	private static byte[] decodeSecret(@Nullable String value) {
		String property = PREFIX + "key-secret";
		String action = "Set '" + property + "' to the base64 'secret' of the key as 'tsig-keygen' prints it, "
				+ "for example from an environment variable so that it stays out of configuration files.";
		if (value == null || value.isBlank()) {
			throw new AcmeConfigurationException(property, null, "The property is required by the rfc2136 provider.",
					action);
		}
		if (value.contains("${")) {
			throw new AcmeConfigurationException(property, HIDDEN,
					"The TSIG secret contains an unresolved placeholder '${...}', such as an environment variable that "
							+ "is not set.",
					"Set the variable or property that the placeholder names, or set '" + property
							+ "' to the base64 secret.");
		}
		byte[] secret;
		try {
			secret = Base64.getDecoder().decode(value.trim());
		}
		catch (IllegalArgumentException ex) {
			// The decoder's message quotes characters of the secret, so it is not kept.
			throw new AcmeConfigurationException(property, HIDDEN, "The TSIG secret is not valid base64.", action);
		}
		if (secret.length == 0) {
			throw new AcmeConfigurationException(property, HIDDEN, "The TSIG secret decodes to no bytes.", action);
		}
		return secret;
	}

	private static void requireInZone(Name zone, String domain) {
		String base = DomainNames.isWildcard(domain) ? domain.substring(2) : domain;
		Name recordName;
		try {
			recordName = Name.fromString("_acme-challenge." + base, Name.root);
		}
		catch (TextParseException ex) {
			throw new IllegalStateException("A normalized domain name failed to parse: " + base, ex);
		}
		if (!recordName.subdomain(zone)) {
			throw new AcmeConfigurationException(PREFIX + "zone", zone.toString(),
					"The record '" + recordName + "' for '" + domain + "' in 'acme.domains' is outside the zone '"
							+ zone + "'.",
					"Set '" + PREFIX + "zone' to a zone that contains every name in 'acme.domains', or use one "
							+ "certificate per zone.");
		}
	}

	DnsServerAddress server() {
		return this.server;
	}

	Name zone() {
		return this.zone;
	}

	Name keyName() {
		return this.keyName;
	}

	/**
	 * Creates the TSIG signer for one exchange with the server.
	 * @return a new signer with this key
	 */
	TSIG tsig() {
		return new TSIG(this.algorithm, this.keyName, this.secret);
	}

	@Override
	public String toString() {
		return "Rfc2136Settings[server=" + this.server + ", zone=" + this.zone + ", keyName=" + this.keyName
				+ ", algorithm=" + this.algorithm + "]";
	}

}

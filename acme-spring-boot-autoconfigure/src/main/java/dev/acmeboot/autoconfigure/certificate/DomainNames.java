package dev.acmeboot.autoconfigure.certificate;

import java.net.IDN;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Normalization and validation of the DNS names a certificate is requested for.
 * <p>
 * A name is normalized by trimming it, removing one trailing dot, converting
 * internationalized labels to their ASCII form (A-labels, RFC 5891) and lowering its
 * case. Valid names follow the host name rules of RFC 1123: labels of 1 to 63 letters,
 * digits and hyphens that neither start nor end with a hyphen, at most 253 characters
 * in all, at least two labels, and a wildcard only as the whole leftmost label.
 *
 * @author ACME Spring Boot contributors
 */
public final class DomainNames {

	private static final int MAX_NAME_LENGTH = 253;

	private static final int MAX_LABEL_LENGTH = 63;

	private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");

	private static final String WILDCARD_PREFIX = "*.";

	private DomainNames() {
	}

	/**
	 * Normalizes and validates the given names and drops duplicates, keeping the order
	 * of first appearance.
	 * @param names the configured names
	 * @return the normalized names
	 * @throws InvalidDomainNameException if a name is invalid
	 */
	public static List<String> normalize(Collection<String> names) {
		Set<String> normalized = new LinkedHashSet<>();
		for (String name : names) {
			normalized.add(normalize(name));
		}
		return List.copyOf(normalized);
	}

	/**
	 * Normalizes and validates one name.
	 * @param name the configured name
	 * @return the normalized name
	 * @throws InvalidDomainNameException if the name is invalid
	 */
	public static String normalize(String name) {
		String candidate = (name != null) ? name.trim() : "";
		if (candidate.isEmpty()) {
			throw new InvalidDomainNameException(String.valueOf(name), "the name is empty");
		}
		if (candidate.endsWith(".")) {
			candidate = candidate.substring(0, candidate.length() - 1);
		}
		if (candidate.startsWith("[") || candidate.indexOf(':') >= 0 || IPV4.matcher(candidate).matches()) {
			throw new InvalidDomainNameException(name, "IP addresses are not supported, only DNS names");
		}
		boolean wildcard = candidate.startsWith(WILDCARD_PREFIX);
		String base = wildcard ? candidate.substring(WILDCARD_PREFIX.length()) : candidate;
		String ascii = toAscii(name, base).toLowerCase(Locale.ROOT);
		validate(name, ascii);
		String normalized = wildcard ? WILDCARD_PREFIX + ascii : ascii;
		if (normalized.length() > MAX_NAME_LENGTH) {
			throw new InvalidDomainNameException(name,
					"the name has " + normalized.length() + " characters, more than the maximum of " + MAX_NAME_LENGTH);
		}
		return normalized;
	}

	/**
	 * Returns whether the name is a wildcard name such as {@code *.example.com}.
	 * @param name a normalized name
	 * @return whether the name starts with a wildcard label
	 */
	public static boolean isWildcard(String name) {
		return name.startsWith(WILDCARD_PREFIX);
	}

	/**
	 * Returns whether a certificate issued for {@code certificateName} is valid for the
	 * host {@code host}, following the wildcard rules of RFC 6125: a wildcard covers
	 * exactly one leftmost label.
	 * @param certificateName a normalized name from a certificate
	 * @param host a normalized host name
	 * @return whether the certificate name covers the host
	 */
	public static boolean covers(String certificateName, String host) {
		if (certificateName.equals(host)) {
			return true;
		}
		if (!isWildcard(certificateName)) {
			return false;
		}
		int dot = host.indexOf('.');
		return dot > 0 && host.substring(dot + 1).equals(certificateName.substring(WILDCARD_PREFIX.length()));
	}

	private static String toAscii(String original, String name) {
		if (name.chars().allMatch((ch) -> ch < 0x80)) {
			return name;
		}
		try {
			return IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidDomainNameException(original, "it is not a valid internationalized name ("
					+ ex.getMessage() + ")");
		}
	}

	private static void validate(String original, String ascii) {
		if (ascii.contains("*")) {
			throw new InvalidDomainNameException(original,
					"a wildcard is only allowed as the whole leftmost label, as in '*.example.com'");
		}
		List<String> labels = new ArrayList<>(List.of(ascii.split("\\.", -1)));
		if (labels.size() < 2) {
			throw new InvalidDomainNameException(original, "the name has a single label; use a fully qualified name");
		}
		for (String label : labels) {
			if (label.isEmpty()) {
				throw new InvalidDomainNameException(original, "the name has an empty label");
			}
			if (label.length() > MAX_LABEL_LENGTH) {
				throw new InvalidDomainNameException(original, "the label '" + label + "' has " + label.length()
						+ " characters, more than the maximum of " + MAX_LABEL_LENGTH);
			}
			if (!LABEL.matcher(label).matches()) {
				throw new InvalidDomainNameException(original, "the label '" + label
						+ "' may only contain letters, digits and inner hyphens");
			}
		}
	}

}

package dev.acmeboot.autoconfigure.certificate;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * A certificate chain, leaf first, together with the private key of the leaf.
 *
 * @param chain the leaf certificate followed by the intermediates that sign it
 * @param privateKey the domain key whose public half is in the leaf
 * @author ACME Spring Boot contributors
 */
public record CertificateBundle(List<X509Certificate> chain, PrivateKey privateKey) {

	private static final int SAN_DNS_NAME = 2;

	public CertificateBundle {
		if (chain.isEmpty()) {
			throw new IllegalArgumentException("A certificate chain needs at least the leaf certificate");
		}
		chain = List.copyOf(chain);
	}

	/**
	 * Returns the leaf certificate.
	 * @return the first certificate of the chain
	 */
	public X509Certificate leaf() {
		return this.chain.get(0);
	}

	/**
	 * Returns the serial number of the leaf in lower-case hexadecimal.
	 * @return the serial number
	 */
	public String serialNumber() {
		return serialNumber(leaf().getSerialNumber());
	}

	/**
	 * Returns the start of the leaf's validity.
	 * @return the not-before instant
	 */
	public Instant notBefore() {
		return leaf().getNotBefore().toInstant();
	}

	/**
	 * Returns the end of the leaf's validity.
	 * @return the not-after instant
	 */
	public Instant notAfter() {
		return leaf().getNotAfter().toInstant();
	}

	/**
	 * Returns the leaf's validity period.
	 * @return the time from not-before to not-after
	 */
	public Duration lifetime() {
		return Duration.between(notBefore(), notAfter());
	}

	/**
	 * Returns the DNS names of the leaf's subject alternative name extension, in lower
	 * case.
	 * @return the DNS names, empty if the extension is missing or unreadable
	 */
	public List<String> dnsNames() {
		return dnsNames(leaf());
	}

	/**
	 * Returns whether the leaf names every one of the given hosts, directly or through a
	 * wildcard.
	 * @param hosts normalized names
	 * @return whether all names are covered
	 */
	public boolean covers(Collection<String> hosts) {
		List<String> names = dnsNames();
		return hosts.stream().allMatch((host) -> names.stream().anyMatch((name) -> name.equals(host)
				|| (!DomainNames.isWildcard(host) && DomainNames.covers(name, host))));
	}

	/**
	 * Returns the DNS names of a certificate's subject alternative name extension, in
	 * lower case.
	 * @param certificate the certificate to read
	 * @return the DNS names, empty if the extension is missing or unreadable
	 */
	public static List<String> dnsNames(X509Certificate certificate) {
		List<String> names = new ArrayList<>();
		try {
			Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
			if (entries != null) {
				for (List<?> entry : entries) {
					if (entry.size() >= 2 && Integer.valueOf(SAN_DNS_NAME).equals(entry.get(0))) {
						names.add(String.valueOf(entry.get(1)).toLowerCase(Locale.ROOT));
					}
				}
			}
		}
		catch (CertificateParsingException ex) {
			return List.of();
		}
		return names;
	}

	/**
	 * Formats a serial number in lower-case hexadecimal, the form CAs and tools print.
	 * @param serial the serial number
	 * @return the hexadecimal form without leading zeros
	 */
	public static String serialNumber(BigInteger serial) {
		return serial.toString(16);
	}

}

package dev.acmeboot.autoconfigure.challenge.dns;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.acmeboot.autoconfigure.diagnostics.AcmeConfigurationException;

/**
 * The host and port of a DNS server from a property such as
 * {@code acme.dns.rfc2136.server}. The host name is resolved each time a socket
 * address is needed, so a changed address record is followed.
 *
 * @param host a host name or IP address, without brackets
 * @param port the UDP and TCP port
 * @author ACME Spring Boot contributors
 */
record DnsServerAddress(String host, int port) {

	static final int DEFAULT_PORT = 53;

	/**
	 * Parses {@code host}, {@code host:port}, an IPv6 address, or {@code [ipv6]:port}.
	 * @param property the property the value comes from, for the error
	 * @param value the configured value
	 * @return the address
	 * @throws AcmeConfigurationException if the value is missing or malformed
	 */
	static DnsServerAddress parse(String property, @Nullable String value) {
		String action = "Set '" + property + "' to a host name or IP address with an optional port, such as "
				+ "'ns1.example.com', '192.0.2.53:5353' or '[2001:db8::53]:53'.";
		if (value == null || value.isBlank()) {
			throw new AcmeConfigurationException(property, null, "No DNS server is configured.", action);
		}
		String trimmed = value.trim();
		String host;
		String port = null;
		if (trimmed.startsWith("[")) {
			int end = trimmed.indexOf(']');
			if (end < 0 || (end + 1 < trimmed.length() && trimmed.charAt(end + 1) != ':')) {
				throw invalid(property, value, "the IPv6 address is not closed by ']' before the port", action);
			}
			host = trimmed.substring(1, end);
			port = (end + 1 < trimmed.length()) ? trimmed.substring(end + 2) : null;
		}
		else if (trimmed.indexOf(':') != trimmed.lastIndexOf(':')) {
			host = trimmed;
		}
		else {
			int colon = trimmed.indexOf(':');
			host = (colon >= 0) ? trimmed.substring(0, colon) : trimmed;
			port = (colon >= 0) ? trimmed.substring(colon + 1) : null;
		}
		if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
			throw invalid(property, value, "the host is empty or contains white space", action);
		}
		return new DnsServerAddress(host.toLowerCase(Locale.ROOT), parsePort(property, value, port, action));
	}

	private static int parsePort(String property, String value, @Nullable String port, String action) {
		if (port == null) {
			return DEFAULT_PORT;
		}
		try {
			int number = Integer.parseInt(port);
			if (number >= 1 && number <= 65535) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below with the other invalid ports.
		}
		throw invalid(property, value, "the port '" + port + "' is not a number between 1 and 65535", action);
	}

	private static AcmeConfigurationException invalid(String property, String value, String reason, String action) {
		return new AcmeConfigurationException(property, value,
				"The DNS server address '" + value + "' is invalid: " + reason + ".", action);
	}

	/**
	 * Resolves the host and returns the socket address.
	 * @return the resolved address
	 * @throws UnknownHostException if the host name cannot be resolved
	 */
	InetSocketAddress socketAddress() throws UnknownHostException {
		InetSocketAddress address = new InetSocketAddress(this.host, this.port);
		if (address.isUnresolved()) {
			throw new UnknownHostException("Unable to resolve the DNS server host '" + this.host + "'");
		}
		return address;
	}

	@Override
	public String toString() {
		return (this.host.indexOf(':') >= 0) ? "[" + this.host + "]:" + this.port : this.host + ":" + this.port;
	}

}

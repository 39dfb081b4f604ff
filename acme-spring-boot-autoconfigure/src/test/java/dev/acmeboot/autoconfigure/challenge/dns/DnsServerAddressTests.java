package dev.acmeboot.autoconfigure.challenge.dns;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import dev.acmeboot.autoconfigure.diagnostics.AcmeConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link DnsServerAddress}.
 */
class DnsServerAddressTests {

	private static final String PROPERTY = "acme.dns.propagation-servers";

	@Test
	void parsesHostAndPortForms() {
		assertThat(DnsServerAddress.parse(PROPERTY, "ns1.Example.com"))
			.isEqualTo(new DnsServerAddress("ns1.example.com", 53));
		assertThat(DnsServerAddress.parse(PROPERTY, " 127.0.0.1:5353 "))
			.isEqualTo(new DnsServerAddress("127.0.0.1", 5353));
		assertThat(DnsServerAddress.parse(PROPERTY, "::1")).isEqualTo(new DnsServerAddress("::1", 53));
		assertThat(DnsServerAddress.parse(PROPERTY, "[::1]")).isEqualTo(new DnsServerAddress("::1", 53));
		assertThat(DnsServerAddress.parse(PROPERTY, "[::1]:5353")).isEqualTo(new DnsServerAddress("::1", 5353));
	}

	@Test
	void toStringBracketsIpv6() {
		assertThat(new DnsServerAddress("::1", 5353)).hasToString("[::1]:5353");
		assertThat(new DnsServerAddress("127.0.0.1", 53)).hasToString("127.0.0.1:53");
	}

	@Test
	void rejectsMalformedValues() {
		for (String value : new String[] { "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536", ":53", "[::1]53", "[::1",
				"ns 1.example.com" }) {
			assertThatExceptionOfType(AcmeConfigurationException.class).as(value)
				.isThrownBy(() -> DnsServerAddress.parse(PROPERTY, value))
				.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo(PROPERTY))
				.satisfies((ex) -> assertThat(ex.getValue()).isEqualTo(value));
		}
	}

	@Test
	void rejectsMissingValue() {
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> DnsServerAddress.parse(PROPERTY, ""))
			.satisfies((ex) -> assertThat(ex.getValue()).isNull());
	}

	@Test
	void socketAddressOfLiteralNeedsNoLookup() throws Exception {
		assertThat(new DnsServerAddress("127.0.0.1", 5353).socketAddress())
			.isEqualTo(new InetSocketAddress("127.0.0.1", 5353));
	}

}

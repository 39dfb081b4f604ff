package dev.acmeboot.autoconfigure.challenge;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConfiguredHosts}.
 */
class ConfiguredHostsTests {

	private final ConfiguredHosts hosts = new ConfiguredHosts(List.of("app.example.com", "*.wild.example.com"));

	@Test
	void matchReturnsConfiguredName() {
		assertThat(this.hosts.match("app.example.com")).hasValue("app.example.com");
	}

	@Test
	void matchIgnoresCase() {
		assertThat(this.hosts.match("APP.Example.COM")).hasValue("app.example.com");
	}

	@Test
	void matchIgnoresTrailingDot() {
		assertThat(this.hosts.match("app.example.com.")).hasValue("app.example.com");
	}

	@Test
	void matchAcceptsOneLabelUnderWildcard() {
		assertThat(this.hosts.match("Shop.Wild.Example.com")).hasValue("shop.wild.example.com");
	}

	@Test
	void matchRejectsTwoLabelsUnderWildcard() {
		assertThat(this.hosts.match("a.b.wild.example.com")).isEmpty();
	}

	@Test
	void matchRejectsWildcardBaseName() {
		assertThat(this.hosts.match("wild.example.com")).isEmpty();
	}

	@Test
	void matchRejectsWildcardHost() {
		assertThat(this.hosts.match("*.wild.example.com")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "example.com", "www.app.example.com", "evilapp.example.com", "app.example.com.evil",
			"127.0.0.1", "[::1]", "::1", "app.example.com:80", "app_1.wild.example.com", "-a.wild.example.com",
			"app..example.com", ".app.example.com" })
	void matchRejectsOtherHosts(String host) {
		assertThat(this.hosts.match(host)).isEmpty();
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { " ", "." })
	void matchRejectsMissingHost(String host) {
		assertThat(this.hosts.match(host)).isEmpty();
	}

}

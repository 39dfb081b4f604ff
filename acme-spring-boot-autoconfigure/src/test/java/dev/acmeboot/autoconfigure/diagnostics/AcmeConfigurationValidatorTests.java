package dev.acmeboot.autoconfigure.diagnostics;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.acmeboot.autoconfigure.AcmeProperties;
import dev.acmeboot.autoconfigure.certificate.InvalidDomainNameException;
import dev.acmeboot.autoconfigure.certificate.KeyType;
import dev.acmeboot.autoconfigure.certificate.ManagedCertificate;
import dev.acmeboot.autoconfigure.challenge.ChallengeType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link AcmeConfigurationValidator}.
 */
class AcmeConfigurationValidatorTests {

	@Test
	void validateReturnsNormalizedNames() {
		AcmeProperties properties = validProperties();
		properties.setDomains(List.of("App.Example.TEST.", "www.app.example.test", "app.example.test"));
		ManagedCertificate certificate = AcmeConfigurationValidator.validate(properties);
		assertThat(certificate.domains()).containsExactly("app.example.test", "www.app.example.test");
	}

	@Test
	void validateUsesFirstNameAsId() {
		AcmeProperties properties = validProperties();
		properties.setDomains(List.of("WWW.Example.com", "example.com"));
		assertThat(AcmeConfigurationValidator.validate(properties).id()).isEqualTo("www.example.com");
	}

	@Test
	void validateKeepsKeyType() {
		AcmeProperties properties = validProperties();
		properties.setKeyType(KeyType.RSA_3072);
		assertThat(AcmeConfigurationValidator.validate(properties).keyType()).isEqualTo(KeyType.RSA_3072);
	}

	@Test
	void validateAcceptsDefaultDirectoryUrl() {
		AcmeProperties properties = validProperties();
		properties.setDirectoryUrl(new AcmeProperties().getDirectoryUrl());
		assertThat(AcmeConfigurationValidator.validate(properties).domains()).containsExactly("app.example.com");
	}

	@Test
	void validateRejectsCheckIntervalInMilliseconds() {
		AcmeProperties properties = validProperties();
		properties.getRenewal().setCheckInterval(java.time.Duration.ofMillis(5));
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> AcmeConfigurationValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.renewal.check-interval"))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("without a unit means milliseconds"));
	}

	@Test
	void retryScheduleRejectsDelayInMilliseconds() {
		List<java.time.Duration> delays = List.of(java.time.Duration.ofMinutes(1), java.time.Duration.ofMillis(500));
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> AcmeConfigurationValidator.retrySchedule(delays))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.renewal.retry-delays"))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("500 ms"));
	}

	@Test
	void validateAcceptsPlainEmail() {
		AcmeProperties properties = validProperties();
		properties.setEmail("ops@example.com");
		assertThat(AcmeConfigurationValidator.validate(properties).domains()).containsExactly("app.example.com");
	}

	@Test
	void validateRejectsInvalidEmails() {
		for (String email : List.of("not-an-email", "mailto:ops@example.com", "ops@", "@example.com",
				"a@b@example.com", "ops@example", "ops @example.com", "a@example.com,b@example.com")) {
			AcmeProperties properties = validProperties();
			properties.setEmail(email);
			assertThatExceptionOfType(AcmeConfigurationException.class).as(email)
				.isThrownBy(() -> AcmeConfigurationValidator.validate(properties))
				.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.email"))
				.satisfies((ex) -> assertThat(ex.getValue()).isEqualTo(email));
		}
	}

	@Test
	void validateRejectsMissingDomains() {
		AcmeProperties properties = validProperties();
		properties.setDomains(List.of());
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> AcmeConfigurationValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.domains"))
			.satisfies((ex) -> assertThat(ex.getValue()).isNull());
	}

	@Test
	void validateRejectsBlankDomains() {
		AcmeProperties properties = validProperties();
		properties.setDomains(Arrays.asList("", "  ", null));
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> AcmeConfigurationValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.domains"))
			.satisfies((ex) -> assertThat(ex.getValue()).isNull());
	}

	@Test
	void validateRejectsBlankDomainBesideValidOne() {
		AcmeProperties properties = validProperties();
		properties.setDomains(List.of("app.example.com", " "));
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> AcmeConfigurationValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.domains"));
	}

	@Test
	void validateRejectsInvalidDomain() {
		AcmeProperties properties = validProperties();
		properties.setDomains(List.of("app.example.com", "my_app.example.com"));
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> AcmeConfigurationValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.domains"))
			.satisfies((ex) -> assertThat(ex.getValue()).isEqualTo("my_app.example.com"))
			.withMessageContaining("my_app.example.com")
			.withCauseInstanceOf(InvalidDomainNameException.class);
	}

	@Test
	void validateRejectsIpAddress() {
		AcmeProperties properties = validProperties();
		properties.setDomains(List.of("192.0.2.10"));
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> AcmeConfigurationValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.domains"))
			.satisfies((ex) -> assertThat(ex.getValue()).isEqualTo("192.0.2.10"));
	}

	@Test
	void validateRejectsWildcardDomainWithHttp01() {
		AcmeProperties properties = validProperties();
		properties.setDomains(List.of("app.example.com", "*.Example.com"));
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> AcmeConfigurationValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.challenge-type"))
			.satisfies((ex) -> assertThat(ex.getValue()).isEqualTo(ChallengeType.HTTP_01))
			.satisfies((ex) -> assertThat(ex.getAction()).contains("acme.challenge-type=dns-01"))
			.withMessageContaining("'*.example.com'")
			.withMessageContaining("DNS-01");
	}

	@Test
	void validateAcceptsWildcardDomainWithDns01() {
		AcmeProperties properties = validProperties();
		properties.setChallengeType(ChallengeType.DNS_01);
		properties.setDomains(List.of("*.Example.com", "example.com"));
		assertThat(AcmeConfigurationValidator.validate(properties).domains()).containsExactly("*.example.com",
				"example.com");
	}

	@Test
	void validateRejectsUnacceptedTerms() {
		AcmeProperties properties = validProperties();
		properties.setAcceptTermsOfService(false);
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> AcmeConfigurationValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.accept-terms-of-service"))
			.satisfies((ex) -> assertThat(ex.getValue()).isEqualTo(false))
			.withMessageContaining(properties.getDirectoryUrl());
	}

	@Test
	void validateRejectsHttpDirectoryUrl() {
		AcmeProperties properties = validProperties();
		properties.setDirectoryUrl("http://127.0.0.1:14000/dir");
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> AcmeConfigurationValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.directory-url"))
			.satisfies((ex) -> assertThat(ex.getValue()).isEqualTo("http://127.0.0.1:14000/dir"));
	}

	@Test
	void validateRejectsMalformedDirectoryUrl() {
		AcmeProperties properties = validProperties();
		properties.setDirectoryUrl("https://ca example.com/dir");
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> AcmeConfigurationValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.directory-url"))
			.satisfies((ex) -> assertThat(ex.getValue()).isEqualTo("https://ca example.com/dir"))
			.withMessageContaining("malformed");
	}

	@Test
	void validateRejectsDirectoryUrlWithoutScheme() {
		AcmeProperties properties = validProperties();
		properties.setDirectoryUrl("ca.example.com/dir");
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> AcmeConfigurationValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.directory-url"));
	}

	@Test
	void validateRejectsDirectoryUrlWithoutHost() {
		AcmeProperties properties = validProperties();
		properties.setDirectoryUrl("https:///dir");
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> AcmeConfigurationValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.directory-url"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://acme-v02.api.letsencrypt.org/directory", "https://127.0.0.1:14000/dir",
			"https://[::1]:14000/dir", "https://ca.example.com/acme/acme/directory?tenant=1" })
	void validateAcceptsDirectoryUrl(String url) {
		AcmeProperties properties = validProperties();
		properties.setDirectoryUrl(url);
		assertThat(AcmeConfigurationValidator.validate(properties).domains()).containsExactly("app.example.com");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://ca.example.com", "https://ca.example.com/", "https://ca.example.com/dir#x",
			"https://ca.example.com:0/dir", "https://ca.example.com:65536/dir", "https://my_ca.example.com/dir",
			"acme://letsencrypt.org/staging", "https://user@ca.example.com/dir" })
	void validateRejectsDirectoryUrl(String url) {
		AcmeProperties properties = validProperties();
		properties.setDirectoryUrl(url);
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> AcmeConfigurationValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.directory-url"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://app.example.com", "http://app.example.com/", "app.example.com/", "app.example.com:443" })
	void validateRejectsUrlPartsInDomain(String name) {
		AcmeProperties properties = validProperties();
		properties.setDomains(List.of(name));
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> AcmeConfigurationValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.domains"))
			.satisfies((ex) -> assertThat(ex.getValue()).isEqualTo(name))
			.satisfies((ex) -> assertThat(ex.getAction()).contains("with 'app.example.com'"));
	}

	@Test
	void validateRejectsNegativeHttpPort() {
		AcmeProperties properties = validProperties();
		properties.setHttpPort(-1);
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> AcmeConfigurationValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.http-port"))
			.satisfies((ex) -> assertThat(ex.getValue()).isEqualTo(-1));
	}

	@Test
	void validateRejectsHttpPortAbove65535() {
		AcmeProperties properties = validProperties();
		properties.setHttpPort(65536);
		assertThatExceptionOfType(AcmeConfigurationException.class)
			.isThrownBy(() -> AcmeConfigurationValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.http-port"))
			.satisfies((ex) -> assertThat(ex.getValue()).isEqualTo(65536));
	}

	@Test
	void validateAcceptsHttpPortZero() {
		AcmeProperties properties = validProperties();
		properties.setHttpPort(0);
		assertThat(AcmeConfigurationValidator.validate(properties).domains()).containsExactly("app.example.com");
	}

	@Test
	void validateAcceptsHttpPort65535() {
		AcmeProperties properties = validProperties();
		properties.setHttpPort(65535);
		assertThat(AcmeConfigurationValidator.validate(properties).domains()).containsExactly("app.example.com");
	}

	private static AcmeProperties validProperties() {
		AcmeProperties properties = new AcmeProperties();
		properties.setDomains(List.of("app.example.com"));
		properties.setAcceptTermsOfService(true);
		properties.setDirectoryUrl("https://127.0.0.1:14000/dir");
		properties.setHttpPort(5002);
		return properties;
	}

}

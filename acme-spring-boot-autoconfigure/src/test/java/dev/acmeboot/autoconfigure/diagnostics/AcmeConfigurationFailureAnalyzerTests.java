package dev.acmeboot.autoconfigure.diagnostics;

import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import dev.acmeboot.autoconfigure.AcmeProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AcmeConfigurationFailureAnalyzer}.
 */
class AcmeConfigurationFailureAnalyzerTests {

	private final AcmeConfigurationFailureAnalyzer analyzer = new AcmeConfigurationFailureAnalyzer();

	@Test
	void analyzeMissingDomains() {
		FailureAnalysis analysis = analyzeValidation((properties) -> properties.setDomains(List.of()));
		assertThat(analysis.getDescription()).contains("Property: acme.domains");
		assertThat(analysis.getDescription()).contains("Value: (not set)");
		assertThat(analysis.getAction()).contains("acme.domains");
	}

	@Test
	void analyzeInvalidDomain() {
		FailureAnalysis analysis = analyzeValidation(
				(properties) -> properties.setDomains(List.of("app.example.com", "-app.example.com")));
		assertThat(analysis.getDescription()).contains("Property: acme.domains");
		assertThat(analysis.getDescription()).contains("Value: '-app.example.com'");
		assertThat(analysis.getAction()).contains("acme.domains");
	}

	@Test
	void analyzeEmptyLabel() {
		FailureAnalysis analysis = analyzeDomain("app..example.com");
		assertThat(analysis.getDescription()).contains("Value: 'app..example.com'").contains("empty label");
		assertThat(analysis.getAction()).contains("Correct or remove 'app..example.com' in 'acme.domains'");
	}

	@Test
	void analyzeLabelOver63Characters() {
		String label = "a".repeat(64);
		FailureAnalysis analysis = analyzeDomain(label + ".example.com");
		assertThat(analysis.getDescription()).contains("the label '" + label + "' has 64 characters")
			.contains("maximum of 63");
		assertThat(analysis.getAction()).contains("'acme.domains'");
	}

	@Test
	void analyzeNameOver253Characters() {
		String name = "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60)
				+ ".example.com";
		FailureAnalysis analysis = analyzeDomain(name);
		assertThat(analysis.getDescription()).contains("Value: '" + name + "'")
			.contains("the name has 255 characters")
			.contains("maximum of 253");
		assertThat(analysis.getAction()).contains("'acme.domains'");
	}

	@Test
	void analyzeInvalidInternationalName() {
		FailureAnalysis analysis = analyzeDomain("b\u00fccher\u3002.example.com");
		assertThat(analysis.getDescription()).contains("Property: acme.domains")
			.contains("not a valid internationalized name");
		assertThat(analysis.getAction()).contains("'acme.domains'");
	}

	@Test
	void analyzeIpv4Address() {
		FailureAnalysis analysis = analyzeDomain("192.0.2.10");
		assertThat(analysis.getDescription()).contains("Value: '192.0.2.10'")
			.contains("IP addresses are not supported, only DNS names");
		assertThat(analysis.getAction()).contains("fully qualified DNS name");
	}

	@Test
	void analyzeIpv6Address() {
		FailureAnalysis analysis = analyzeDomain("2001:db8::1");
		assertThat(analysis.getDescription()).contains("Value: '2001:db8::1'")
			.contains("IP addresses are not supported, only DNS names");
		assertThat(analysis.getAction()).contains("fully qualified DNS name");
	}

	@Test
	void analyzeUrlInDomains() {
		FailureAnalysis analysis = analyzeDomain("https://app.example.com/shop");
		assertThat(analysis.getDescription()).contains("Value: 'https://app.example.com/shop'")
			.contains("is a URL, but 'acme.domains' takes host names only");
		assertThat(analysis.getAction())
			.isEqualTo("Replace 'https://app.example.com/shop' with 'app.example.com' in 'acme.domains'.");
	}

	@Test
	void analyzePathInDomains() {
		FailureAnalysis analysis = analyzeDomain("app.example.com/shop");
		assertThat(analysis.getDescription()).contains("contains a path");
		assertThat(analysis.getAction()).isEqualTo("Replace 'app.example.com/shop' with 'app.example.com' in 'acme.domains'.");
	}

	@Test
	void analyzePortInDomains() {
		FailureAnalysis analysis = analyzeDomain("app.example.com:8443");
		assertThat(analysis.getDescription()).contains("Value: 'app.example.com:8443'")
			.contains("contains a port")
			.contains("the CA always connects to port 80");
		assertThat(analysis.getAction()).isEqualTo("Replace 'app.example.com:8443' with 'app.example.com' in 'acme.domains'.");
	}

	@Test
	void analyzeWildcardDomain() {
		FailureAnalysis analysis = analyzeValidation((properties) -> properties.setDomains(List.of("*.example.com")));
		assertThat(analysis.getDescription()).contains("Property: acme.challenge-type");
		assertThat(analysis.getDescription()).contains("Value: 'http-01'");
		assertThat(analysis.getDescription()).contains("'*.example.com'");
		assertThat(analysis.getAction()).contains("acme.challenge-type=dns-01");
		assertThat(analysis.getAction()).contains("acme.domains");
	}

	@Test
	void analyzeUnacceptedTerms() {
		FailureAnalysis analysis = analyzeValidation((properties) -> properties.setAcceptTermsOfService(false));
		assertThat(analysis.getDescription()).contains("Property: acme.accept-terms-of-service");
		assertThat(analysis.getDescription()).contains("Value: 'false'");
		assertThat(analysis.getAction()).contains("acme.accept-terms-of-service=true");
	}

	@Test
	void analyzeHttpDirectoryUrl() {
		FailureAnalysis analysis = analyzeValidation(
				(properties) -> properties.setDirectoryUrl("http://127.0.0.1:14000/dir"));
		assertThat(analysis.getDescription()).contains("Property: acme.directory-url");
		assertThat(analysis.getDescription()).contains("Value: 'http://127.0.0.1:14000/dir'");
		assertThat(analysis.getAction()).contains("acme.directory-url");
	}

	@Test
	void analyzeMalformedDirectoryUrl() {
		FailureAnalysis analysis = analyzeValidation(
				(properties) -> properties.setDirectoryUrl("https://ca example.com/dir"));
		assertThat(analysis.getDescription()).contains("Property: acme.directory-url");
		assertThat(analysis.getDescription()).contains("Value: 'https://ca example.com/dir'");
		assertThat(analysis.getAction()).contains("acme.directory-url");
	}

	@Test
	void analyzeDirectoryUrlWithoutPath() {
		FailureAnalysis analysis = analyzeDirectoryUrl("https://acme-v02.api.letsencrypt.org/");
		assertThat(analysis.getDescription()).contains("Value: 'https://acme-v02.api.letsencrypt.org/'")
			.contains("The directory URL has no path");
		assertThat(analysis.getAction()).contains("Set 'acme.directory-url' to the https URL of the CA's ACME directory");
	}

	@Test
	void analyzeDirectoryUrlWithFragment() {
		FailureAnalysis analysis = analyzeDirectoryUrl("https://ca.example.com/directory#v2");
		assertThat(analysis.getDescription()).contains("fragment ('#v2')");
		assertThat(analysis.getAction()).contains("acme.directory-url");
	}

	@Test
	void analyzeDirectoryUrlWithUserInfoHidesCredentials() {
		FailureAnalysis analysis = analyzeDirectoryUrl("https://user:secret@ca.example.com/directory");
		assertThat(analysis.getDescription())
			.contains("Value: 'https://ca.example.com/directory (user information removed)'")
			.contains("must not contain user information")
			.doesNotContain("secret");
		assertThat(analysis.getAction()).contains("acme.directory-url").doesNotContain("secret");
	}

	@Test
	void analyzeDirectoryUrlWithPortOutOfRange() {
		FailureAnalysis analysis = analyzeDirectoryUrl("https://ca.example.com:70000/directory");
		assertThat(analysis.getDescription()).contains("The port 70000 of the directory URL is outside the range");
		assertThat(analysis.getAction()).contains("acme.directory-url");
	}

	@Test
	void analyzeDirectoryUrlWithInvalidHost() {
		FailureAnalysis analysis = analyzeDirectoryUrl("https://my_ca.example.com/directory");
		assertThat(analysis.getDescription()).contains("The host 'my_ca.example.com' of the directory URL is not a valid host name or address");
		assertThat(analysis.getAction()).contains("acme.directory-url");
	}

	@Test
	void analyzeAcmeSchemeDirectoryUrl() {
		FailureAnalysis analysis = analyzeDirectoryUrl("acme://letsencrypt.org/staging");
		assertThat(analysis.getDescription()).contains("'acme://' provider URIs are not supported");
		assertThat(analysis.getAction()).contains("https://acme-staging-v02.api.letsencrypt.org/directory");
	}

	@Test
	void analyzeHttpPortOutOfRange() {
		FailureAnalysis analysis = analyzeValidation((properties) -> properties.setHttpPort(70000));
		assertThat(analysis.getDescription()).contains("Property: acme.http-port");
		assertThat(analysis.getDescription()).contains("Value: '70000'");
		assertThat(analysis.getAction()).contains("acme.http-port");
	}

	@Test
	void analyzeIncludesProblem() {
		AcmeConfigurationException failure = new AcmeConfigurationException("acme.domains", "bad", "The name is bad.",
				"Fix it.");
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis.getDescription()).contains("Problem: The name is bad.");
	}

	@Test
	void analyzeKeepsCause() {
		AcmeConfigurationException failure = new AcmeConfigurationException("acme.domains", "bad", "The name is bad.",
				"Fix it.");
		assertThat(this.analyzer.analyze(failure).getCause()).isSameAs(failure);
	}

	@Test
	void analyzeFindsNestedFailure() {
		AcmeConfigurationException failure = new AcmeConfigurationException("acme.http-port", 70000,
				"The port is out of range.", "Set 'acme.http-port' to 80.");
		FailureAnalysis analysis = this.analyzer.analyze(new BeanCreationException("acmeConnector", "failed", failure));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getAction()).isEqualTo("Set 'acme.http-port' to 80.");
	}

	@Test
	void analyzeIgnoresOtherFailures() {
		assertThat(this.analyzer.analyze(new IllegalStateException("unrelated"))).isNull();
	}

	@Test
	void analyzerIsRegistered() {
		// Analyzers of other modules that need constructor arguments are skipped.
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
			.load(FailureAnalyzer.class, FailureHandler.handleMessage((message, failure) -> {
			}));
		assertThat(analyzers).hasAtLeastOneElementOfType(AcmeConfigurationFailureAnalyzer.class);
	}

	private FailureAnalysis analyzeDomain(String name) {
		FailureAnalysis analysis = analyzeValidation((properties) -> properties.setDomains(List.of(name)));
		assertThat(analysis.getDescription()).contains("Property: acme.domains");
		return analysis;
	}

	private FailureAnalysis analyzeDirectoryUrl(String url) {
		FailureAnalysis analysis = analyzeValidation((properties) -> properties.setDirectoryUrl(url));
		assertThat(analysis.getDescription()).contains("Property: acme.directory-url");
		return analysis;
	}

	private FailureAnalysis analyzeValidation(Consumer<AcmeProperties> change) {
		AcmeProperties properties = new AcmeProperties();
		properties.setDomains(List.of("app.example.com"));
		properties.setAcceptTermsOfService(true);
		properties.setDirectoryUrl("https://127.0.0.1:14000/dir");
		change.accept(properties);
		try {
			AcmeConfigurationValidator.validate(properties);
		}
		catch (AcmeConfigurationException ex) {
			FailureAnalysis analysis = this.analyzer.analyze(ex);
			assertThat(analysis).isNotNull();
			return analysis;
		}
		throw new AssertionError("Expected the validation to fail");
	}

}

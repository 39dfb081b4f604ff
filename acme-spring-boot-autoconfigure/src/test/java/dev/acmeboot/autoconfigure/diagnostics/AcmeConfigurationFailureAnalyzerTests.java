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

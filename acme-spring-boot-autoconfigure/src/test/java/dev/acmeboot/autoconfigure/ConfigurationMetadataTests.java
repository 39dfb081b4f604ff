package dev.acmeboot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import dev.acmeboot.autoconfigure.certificate.KeyType;
import dev.acmeboot.autoconfigure.diagnostics.AcmeConfigurationValidator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the configuration metadata that IDEs read, as generated from
 * {@link AcmeProperties} and merged with the additional metadata file.
 */
class ConfigurationMetadataTests {

	private final DocumentContext metadata = read();

	@Test
	void everyPropertyHasDescription() {
		List<Map<String, Object>> properties = this.metadata.read("$.properties[?(@.name =~ /acme\\..*/)]");
		assertThat(properties).hasSizeGreaterThanOrEqualTo(15);
		assertThat(properties).allSatisfy((property) -> assertThat(property.get("description")).as(
				"description of %s", property.get("name")).asString().isNotBlank());
	}

	@Test
	void httpRedirectDefaultsToTrue() {
		List<Object> defaults = this.metadata.read("$.properties[?(@.name == 'acme.http-redirect')].defaultValue");
		assertThat(defaults).containsExactly(true);
	}

	@Test
	void retryDelaysHaveDefault() {
		List<Object> defaults = this.metadata.read(
				"$.properties[?(@.name == 'acme.renewal.retry-delays')].defaultValue");
		assertThat(defaults).containsExactly(List.of("1m", "10m", "100m", "1d"));
	}

	@Test
	void directoryUrlHintsIncludeKnownCas() {
		List<String> urls = this.metadata.read("$.hints[?(@.name == 'acme.directory-url')].values[*].value");
		assertThat(urls).contains(AcmeProperties.LETS_ENCRYPT_PRODUCTION, AcmeProperties.LETS_ENCRYPT_STAGING,
				"https://acme.zerossl.com/v2/DV90", "https://dv.acme-v02.api.pki.goog/directory");
	}

	@Test
	void directoryUrlHintsPassValidation() {
		List<String> urls = this.metadata.read("$.hints[?(@.name == 'acme.directory-url')].values[*].value");
		for (String url : urls) {
			AcmeProperties properties = new AcmeProperties();
			properties.setDomains(List.of("app.example.com"));
			properties.setAcceptTermsOfService(true);
			properties.setDirectoryUrl(url);
			assertThat(AcmeConfigurationValidator.validate(properties).domains()).as(url)
				.containsExactly("app.example.com");
		}
	}

	@Test
	void keyTypeHintsDescribeEveryKeyType() {
		List<String> values = this.metadata.read("$.hints[?(@.name == 'acme.key-type')].values[*].value");
		List<String> keyTypes = Arrays.stream(KeyType.values())
			.map((keyType) -> keyType.name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.toList();
		assertThat(values).containsExactlyElementsOf(keyTypes);
	}

	private static DocumentContext read() {
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			return JsonPath.parse(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Unable to read the generated configuration metadata", ex);
		}
	}

}

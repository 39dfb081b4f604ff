package dev.acmeboot.autoconfigure.issuance;

import java.net.URI;

import org.junit.jupiter.api.Test;

import dev.acmeboot.autoconfigure.AcmeProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AccountIds}.
 */
class AccountIdsTests {

	@Test
	void ofLoopbackDirectoryWithPort() {
		assertThat(AccountIds.of(URI.create("https://127.0.0.1:14000/dir"))).isEqualTo("127.0.0.1_14000_dir");
	}

	@Test
	void ofLetsEncryptProduction() {
		assertThat(AccountIds.of(URI.create(AcmeProperties.LETS_ENCRYPT_PRODUCTION)))
			.isEqualTo("acme-v02.api.letsencrypt.org_directory");
	}

	@Test
	void ofLetsEncryptStaging() {
		assertThat(AccountIds.of(URI.create(AcmeProperties.LETS_ENCRYPT_STAGING)))
			.isEqualTo("acme-staging-v02.api.letsencrypt.org_directory");
	}

	@Test
	void ofDistinguishesPorts() {
		assertThat(AccountIds.of(URI.create("https://127.0.0.1:14000/dir")))
			.isNotEqualTo(AccountIds.of(URI.create("https://127.0.0.1:15000/dir")));
	}

	@Test
	void ofIgnoresTrailingSlash() {
		assertThat(AccountIds.of(URI.create("https://ca.example.com/acme/directory/")))
			.isEqualTo("ca.example.com_acme_directory");
	}

	@Test
	void ofRootPathGivesHostOnly() {
		assertThat(AccountIds.of(URI.create("https://ca.example.com/"))).isEqualTo("ca.example.com");
	}

	@Test
	void ofLowersCase() {
		assertThat(AccountIds.of(URI.create("https://CA.Example.com/ACME/Directory")))
			.isEqualTo("ca.example.com_acme_directory");
	}

	@Test
	void ofReplacesOtherCharacters() {
		assertThat(AccountIds.of(URI.create("https://ca.example.com/acme~v2/dir_1")))
			.isEqualTo("ca.example.com_acme_v2_dir_1");
	}

	@Test
	void ofLimitsLengthTo200Characters() {
		String id = AccountIds.of(URI.create("https://ca.example.com/" + "a".repeat(300)));
		assertThat(id).hasSize(200);
		assertThat(id).startsWith("ca.example.com_aaa");
	}

}

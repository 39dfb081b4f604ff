package dev.acmeboot.autoconfigure.maintenance;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FailureMessages}.
 */
class FailureMessagesTests {

	@Test
	void joinsCauseMessagesOnce() {
		IOException cause = new IOException("connection reset");
		RuntimeException failure = new RuntimeException("Order failed", new IllegalStateException("connection reset", cause));
		assertThat(FailureMessages.describe(failure)).isEqualTo("Order failed: connection reset");
	}

	@Test
	void usesClassNameWithoutMessage() {
		assertThat(FailureMessages.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
	}

	@Test
	void untrustedCaPointsAtSslBundle() {
		RuntimeException failure = new RuntimeException("Network error",
				new SSLHandshakeException("PKIX path building failed"));
		assertThat(FailureMessages.describe(failure)).contains("PKIX path building failed")
			.contains("acme.directory-ssl-bundle");
	}

	@Test
	void refusedConnectionPointsAtDirectoryUrl() {
		RuntimeException failure = new RuntimeException("Network error", new ConnectException("Connection refused"));
		assertThat(FailureMessages.describe(failure)).contains("a connection failed").contains("acme.directory-url");
	}

	@Test
	void unknownHostPointsAtDirectoryUrl() {
		RuntimeException failure = new RuntimeException("Network error", new UnknownHostException("ca.invalid"));
		assertThat(FailureMessages.describe(failure)).contains("could not be resolved");
	}

	@Test
	void otherFailuresGetNoHint() {
		assertThat(FailureMessages.describe(new RuntimeException("rejectedIdentifier"))).isEqualTo("rejectedIdentifier");
	}

}

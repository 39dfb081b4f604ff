package dev.acmeboot.autoconfigure.actuate;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.shredzone.acme4j.RevocationReason;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import dev.acmeboot.autoconfigure.actuate.AcmeEndpoint.OperationResultDescriptor;
import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.issuance.RenewalWindow;
import dev.acmeboot.autoconfigure.maintenance.CertificateManager;
import dev.acmeboot.autoconfigure.maintenance.CertificateOperationException;
import dev.acmeboot.autoconfigure.ssl.CertificateState;
import dev.acmeboot.autoconfigure.ssl.CertificateStates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * Tests for {@link AcmeEndpoint}.
 */
class AcmeEndpointTests {

	private static final String NAME = "app.example.test";

	private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

	private final CertificateBundle bundle = CertificateStates.selfSigned(NOW, NAME, "www.app.example.test");

	private final CertificateState state = CertificateStates.serve(CertificateStates.of(NAME, "www.app.example.test"),
			this.bundle, false);

	private final CertificateManager manager = mock(CertificateManager.class);

	private final AcmeEndpoint endpoint = new AcmeEndpoint(List.of(this.manager));

	AcmeEndpointTests() {
		given(this.manager.getState()).willReturn(this.state);
	}

	@Test
	void certificatesDescribeServedCertificate() {
		this.state.setNextRenewal(NOW.plus(Duration.ofDays(20)));

		CertificateDescriptor described = this.endpoint.certificates().certificates().get(0);

		assertThat(described.names()).containsExactly(NAME, "www.app.example.test");
		assertThat(described.placeholder()).isFalse();
		assertThat(described.serialNumber()).isEqualTo(this.bundle.serialNumber());
		assertThat(described.notBefore()).isEqualTo(this.bundle.notBefore());
		assertThat(described.notAfter()).isEqualTo(this.bundle.notAfter());
		assertThat(described.issuer()).isEqualTo(this.bundle.leaf().getIssuerX500Principal().getName());
		assertThat(described.keyType()).isEqualTo("ec-p256");
		assertThat(described.nextRenewal()).isEqualTo(NOW.plus(Duration.ofDays(20)));
		assertThat(described.renewalWindow()).isNull();
		assertThat(described.failures()).isZero();
		assertThat(described.lastError()).isNull();
		assertThat(described.renewalStopped()).isFalse();
	}

	@Test
	void certificatesDescribeRenewalWindow() throws Exception {
		Instant start = NOW.plus(Duration.ofDays(18));
		Instant end = NOW.plus(Duration.ofDays(19));
		URI explanation = URI.create("https://ca.example.test/incident");
		this.state.setRenewalWindow(new RenewalWindow(start, end, NOW.plus(Duration.ofHours(6)), explanation.toURL()));

		CertificateDescriptor described = this.endpoint.certificates().certificates().get(0);

		assertThat(described.renewalWindow()).isNotNull();
		assertThat(described.renewalWindow().start()).isEqualTo(start);
		assertThat(described.renewalWindow().end()).isEqualTo(end);
		assertThat(described.renewalWindow().explanation()).isEqualTo(explanation.toString());
	}

	@Test
	void certificatesDescribeLastFailure() {
		Instant nextAttempt = NOW.plus(Duration.ofMinutes(10));
		this.state.failed("Connection refused", NOW, 2, nextAttempt);

		CertificateDescriptor described = this.endpoint.certificates().certificates().get(0);

		assertThat(described.failures()).isEqualTo(2);
		assertThat(described.lastError()).isEqualTo("Connection refused");
		assertThat(described.lastFailure()).isEqualTo(NOW);
		assertThat(described.nextAttempt()).isEqualTo(nextAttempt);
	}

	@Test
	void certificatesDescribePlaceholder() {
		CertificateStates.serve(this.state, CertificateStates.selfSigned(NOW, NAME), true);

		CertificateDescriptor described = this.endpoint.certificates().certificates().get(0);

		assertThat(described.placeholder()).isTrue();
	}

	@Test
	void certificatesDescribeNothingServed() {
		given(this.manager.getState()).willReturn(CertificateStates.of(NAME));

		CertificateDescriptor described = this.endpoint.certificates().certificates().get(0);

		assertThat(described.placeholder()).isTrue();
		assertThat(described.serialNumber()).isNull();
		assertThat(described.issuer()).isNull();
	}

	@Test
	void jsonContainsNoKeyMaterial() {
		CertificateStates.serve(this.state, this.bundle, false);
		this.state.failed("Connection refused", NOW, 1, NOW.plus(Duration.ofMinutes(1)));

		String json = JsonMapper.builder().build().writeValueAsString(this.endpoint.certificates());

		assertThat(json).contains(this.bundle.serialNumber());
		assertThat(json).doesNotContain("PRIVATE KEY");
		assertThat(json).doesNotContain("BEGIN");
		assertThat(json).doesNotContainIgnoringCase("privateKey");
	}

	@Test
	void renewReportsSuccess() {
		given(this.manager.renew()).willReturn(true);

		OperationResultDescriptor result = this.endpoint.perform(NAME, "renew", null);

		assertThat(result.operation()).isEqualTo("renew");
		assertThat(result.succeeded()).isTrue();
		assertThat(result.error()).isNull();
		assertThat(result.certificate().serialNumber()).isEqualTo(this.bundle.serialNumber());
	}

	@Test
	void renewReportsLastError() {
		given(this.manager.renew()).willAnswer((invocation) -> {
			this.state.failed("Authorization for 'app.example.test' is invalid", NOW, 1, NOW.plusSeconds(60));
			return false;
		});

		OperationResultDescriptor result = this.endpoint.perform(NAME, "renew", null);

		assertThat(result.succeeded()).isFalse();
		assertThat(result.error()).isEqualTo("Authorization for 'app.example.test' is invalid");
	}

	@Test
	void renewReportsOperationFailure() {
		given(this.manager.renew()).willThrow(new CertificateOperationException("Timed out after 6 minutes",
				new IllegalStateException("slow CA")));

		OperationResultDescriptor result = this.endpoint.perform(NAME, "renew", null);

		assertThat(result.succeeded()).isFalse();
		assertThat(result.error()).isEqualTo("Timed out after 6 minutes");
	}

	@Test
	void renewSelectsCertificateIgnoringCase() {
		given(this.manager.renew()).willReturn(true);

		this.endpoint.perform("App.Example.TEST", "renew", null);

		then(this.manager).should().renew();
	}

	@Test
	void renewRejectsReason() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.perform(NAME, "renew", "superseded"))
			.withMessageContaining("only to 'revoke'");
		then(this.manager).should(never()).renew();
	}

	@ParameterizedTest
	@CsvSource({ "unspecified, UNSPECIFIED", "keyCompromise, KEY_COMPROMISE", "KEY_COMPROMISE, KEY_COMPROMISE",
			"key-compromise, KEY_COMPROMISE", "superseded, SUPERSEDED",
			"cessationOfOperation, CESSATION_OF_OPERATION" })
	void revokeMapsReason(String reason, RevocationReason expected) {
		given(this.manager.revoke(expected)).willReturn(true);

		OperationResultDescriptor result = this.endpoint.perform(NAME, "revoke", reason);

		then(this.manager).should().revoke(expected);
		assertThat(result.operation()).isEqualTo("revoke");
		assertThat(result.succeeded()).isTrue();
	}

	@Test
	void revokeRejectsUnknownReason() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.perform(NAME, "revoke", "caCompromise"))
			.withMessageContaining("'caCompromise'")
			.withMessageContaining("[unspecified, keyCompromise, superseded, cessationOfOperation]")
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(ex.getMessage()));
		then(this.manager).should(never()).revoke(org.mockito.ArgumentMatchers.any());
	}

	@Test
	void revokeRequiresReason() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.perform(NAME, "revoke", null))
			.withMessageContaining("A reason is required")
			.withMessageContaining("keyCompromise");
	}

	@Test
	void revokeReportsMissingReplacement() {
		given(this.manager.revoke(RevocationReason.SUPERSEDED)).willAnswer((invocation) -> {
			this.state.failed("Connection refused", NOW, 1, NOW.plusSeconds(60));
			return false;
		});

		OperationResultDescriptor result = this.endpoint.perform(NAME, "revoke", "superseded");

		assertThat(result.succeeded()).isFalse();
		assertThat(result.error()).isEqualTo("The certificate was revoked, but no replacement is served yet: "
				+ "Connection refused");
	}

	@Test
	void revokeReportsFailedRevocation() {
		given(this.manager.revoke(RevocationReason.KEY_COMPROMISE)).willThrow(new CertificateOperationException(
				"Unable to revoke the certificate for [app.example.test]: unauthorized", new RuntimeException()));

		OperationResultDescriptor result = this.endpoint.perform(NAME, "revoke", "keyCompromise");

		assertThat(result.succeeded()).isFalse();
		assertThat(result.error()).contains("Unable to revoke");
	}

	@Test
	void performRejectsUnknownOperation() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.perform(NAME, "delete", null))
			.withMessageContaining("'delete'");
	}

	@Test
	void performRejectsUnknownCertificate() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.perform("other.example.test", "renew", null))
			.withMessageContaining("'other.example.test'")
			.withMessageContaining("[app.example.test]");
	}

}

package dev.acmeboot.autoconfigure.actuate;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.acmeboot.autoconfigure.actuate.AcmeEndpoint.OperationResultDescriptor;
import dev.acmeboot.autoconfigure.actuate.AcmeEndpointWebExtension.RejectionDescriptor;
import dev.acmeboot.autoconfigure.maintenance.CertificateManager;
import dev.acmeboot.autoconfigure.ssl.CertificateStates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link AcmeEndpointWebExtension}.
 */
class AcmeEndpointWebExtensionTests {

	private static final String NAME = "app.example.test";

	private final CertificateManager manager = mock(CertificateManager.class);

	private final AcmeEndpointWebExtension extension = new AcmeEndpointWebExtension(
			new AcmeEndpoint(List.of(this.manager)));

	AcmeEndpointWebExtensionTests() {
		given(this.manager.getState()).willReturn(CertificateStates.serve(CertificateStates.of(NAME),
				CertificateStates.selfSigned(Instant.parse("2025-06-01T12:00:00Z"), NAME), false));
	}

	@Test
	void performReturnsOutcomeWithOk() {
		given(this.manager.renew()).willReturn(true);

		WebEndpointResponse<OperationResponseBody> response = this.extension.perform(NAME, "renew", null);

		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getBody()).isInstanceOf(OperationResultDescriptor.class);
		assertThat(((OperationResultDescriptor) response.getBody()).succeeded()).isTrue();
	}

	@Test
	void invalidReasonIsBadRequestWithMessage() {
		WebEndpointResponse<OperationResponseBody> response = this.extension.perform(NAME, "revoke", "compromised");

		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getBody()).isInstanceOf(RejectionDescriptor.class);
		assertThat(((RejectionDescriptor) response.getBody()).error())
			.isEqualTo("Invalid revocation reason 'compromised'. Use one of "
					+ "[unspecified, keyCompromise, superseded, cessationOfOperation].");
	}

	@Test
	void unknownCertificateIsBadRequest() {
		WebEndpointResponse<OperationResponseBody> response = this.extension.perform("other.example.test", "renew",
				null);

		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(((RejectionDescriptor) response.getBody()).error()).contains("'other.example.test'");
	}

}

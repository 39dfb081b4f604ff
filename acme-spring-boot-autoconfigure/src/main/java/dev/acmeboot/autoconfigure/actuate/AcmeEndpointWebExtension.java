package dev.acmeboot.autoconfigure.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * Web extension of the {@link AcmeEndpoint} that sends the reason for a rejected renewal
 * or revocation in the body of the 400 response. Without it, the client would see only
 * the status, because Spring Boot omits error messages from responses unless
 * {@code spring.web.error.include-message} allows them.
 *
 * @author ACME Spring Boot contributors
 */
@EndpointWebExtension(endpoint = AcmeEndpoint.class)
public class AcmeEndpointWebExtension {

	private final AcmeEndpoint endpoint;

	/**
	 * Creates a web extension.
	 * @param endpoint the endpoint that performs the operations
	 */
	public AcmeEndpointWebExtension(AcmeEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Renews or revokes a managed certificate, as {@link AcmeEndpoint#perform} does.
	 * @param certificate the first name of the certificate
	 * @param operation {@code renew} or {@code revoke}
	 * @param reason the revocation reason, required for {@code revoke} and not allowed
	 * otherwise
	 * @return the outcome with status 200, or status 400 with the reason the request was
	 * rejected
	 */
	@WriteOperation
	public WebEndpointResponse<OperationResponseBody> perform(@Selector String certificate,
			@Selector String operation, @Nullable String reason) {
		try {
			return new WebEndpointResponse<>(this.endpoint.perform(certificate, operation, reason));
		}
		catch (InvalidEndpointRequestException ex) {
			return new WebEndpointResponse<>(new RejectionDescriptor(ex.getReason()),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
	}

	/**
	 * The reason a request was rejected.
	 *
	 * @param error the reason, naming the allowed values
	 */
	public record RejectionDescriptor(String error) implements OperationResponseBody {

	}

}

package dev.acmeboot.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.RevocationReason;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.acmeboot.autoconfigure.maintenance.CertificateManager;
import dev.acmeboot.autoconfigure.maintenance.CertificateOperationException;
import dev.acmeboot.autoconfigure.ssl.CertificateState;

/**
 * The {@code acme} actuator endpoint. A read lists the managed certificates. A write to
 * {@code /{certificate}/renew} orders a new certificate at once, and a write to
 * {@code /{certificate}/revoke} with a {@code reason} revokes the served certificate and
 * replaces it. A certificate is selected by its first name. Writes wait until the
 * attempt has ended.
 *
 * @author ACME Spring Boot contributors
 */
@Endpoint(id = "acme")
public class AcmeEndpoint {

	/**
	 * Revocation reasons a subscriber may give, by their RFC 5280 names: the reasons that
	 * Let's Encrypt lists for subscribers at https://letsencrypt.org/docs/revoking/.
	 */
	private static final Map<String, RevocationReason> REASONS = reasons();

	private final List<CertificateManager> managers;

	/**
	 * Creates an endpoint.
	 * @param managers the managers of the managed certificates
	 */
	public AcmeEndpoint(List<CertificateManager> managers) {
		this.managers = List.copyOf(managers);
	}

	/**
	 * Describes every managed certificate.
	 * @return the descriptions
	 */
	@ReadOperation
	public CertificatesDescriptor certificates() {
		return new CertificatesDescriptor(
				this.managers.stream().map((manager) -> CertificateDescriptor.of(manager.getState())).toList());
	}

	/**
	 * Renews or revokes a managed certificate and waits until the attempt has ended.
	 * @param certificate the first name of the certificate
	 * @param operation {@code renew} or {@code revoke}
	 * @param reason the revocation reason, required for {@code revoke} and not allowed
	 * otherwise
	 * @return the outcome and the certificate's state afterwards
	 * @throws InvalidEndpointRequestException if the certificate, operation or reason is
	 * unknown or missing
	 */
	@WriteOperation
	public OperationResultDescriptor perform(@Selector String certificate, @Selector String operation,
			@Nullable String reason) {
		CertificateManager manager = findManager(certificate);
		return switch (operation) {
			case "renew" -> renew(manager, reason);
			case "revoke" -> revoke(manager, parseReason(reason));
			default -> throw invalidRequest("Unknown operation '" + operation + "'. Use 'renew' or 'revoke'.");
		};
	}

	private CertificateManager findManager(String certificate) {
		String name = certificate.toLowerCase(Locale.ROOT);
		for (CertificateManager manager : this.managers) {
			if (manager.getState().getCertificate().domains().get(0).equals(name)) {
				return manager;
			}
		}
		List<String> known = this.managers.stream()
			.map((manager) -> manager.getState().getCertificate().domains().get(0))
			.toList();
		throw invalidRequest("No managed certificate has the first name '" + certificate + "'. Managed certificates: "
				+ known);
	}

	private OperationResultDescriptor renew(CertificateManager manager, @Nullable String reason) {
		if (reason != null) {
			throw invalidRequest("A reason applies only to 'revoke', not to 'renew'.");
		}
		try {
			boolean renewed = manager.renew();
			return result("renew", renewed, renewed ? null : lastError(manager.getState()), manager);
		}
		catch (CertificateOperationException ex) {
			return result("renew", false, ex.getMessage(), manager);
		}
	}

	private OperationResultDescriptor revoke(CertificateManager manager, RevocationReason reason) {
		try {
			boolean replaced = manager.revoke(reason);
			String error = replaced ? null
					: "The certificate was revoked, but no replacement is served yet: " + lastError(manager.getState());
			return result("revoke", replaced, error, manager);
		}
		catch (CertificateOperationException ex) {
			return result("revoke", false, ex.getMessage(), manager);
		}
	}

	private static OperationResultDescriptor result(String operation, boolean succeeded, @Nullable String error,
			CertificateManager manager) {
		return new OperationResultDescriptor(operation, succeeded, error, CertificateDescriptor.of(manager.getState()));
	}

	private static String lastError(CertificateState state) {
		return state.getLastFailure().map(CertificateState.Failure::message).orElse("unknown error");
	}

	/**
	 * Returns the revocation reason with the given RFC 5280 name, ignoring case, dashes
	 * and underscores, so that {@code keyCompromise} and {@code KEY_COMPROMISE} both match.
	 */
	static RevocationReason parseReason(@Nullable String reason) {
		if (reason == null || reason.isBlank()) {
			throw invalidRequest("A reason is required to revoke a certificate. Use one of " + REASONS.keySet() + ".");
		}
		String requested = normalize(reason);
		for (Map.Entry<String, RevocationReason> entry : REASONS.entrySet()) {
			if (normalize(entry.getKey()).equals(requested)) {
				return entry.getValue();
			}
		}
		throw invalidRequest("Invalid revocation reason '" + reason + "'. Use one of " + REASONS.keySet() + ".");
	}

	/**
	 * Creates the exception for a request that the endpoint rejects. The message is also
	 * the reason, because the web endpoints send the reason to the client with status 400.
	 */
	private static InvalidEndpointRequestException invalidRequest(String message) {
		return new InvalidEndpointRequestException(message, message);
	}

	private static String normalize(String reason) {
		return reason.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
	}

	private static Map<String, RevocationReason> reasons() {
		Map<String, RevocationReason> reasons = new LinkedHashMap<>();
		reasons.put("unspecified", RevocationReason.UNSPECIFIED);
		reasons.put("keyCompromise", RevocationReason.KEY_COMPROMISE);
		reasons.put("superseded", RevocationReason.SUPERSEDED);
		reasons.put("cessationOfOperation", RevocationReason.CESSATION_OF_OPERATION);
		return reasons;
	}

	/**
	 * The managed certificates.
	 *
	 * @param certificates a description of each managed certificate
	 */
	public record CertificatesDescriptor(List<CertificateDescriptor> certificates) implements OperationResponseBody {

	}

	/**
	 * The outcome of a renewal or revocation.
	 *
	 * @param operation {@code renew} or {@code revoke}
	 * @param succeeded whether a new certificate is served, and for {@code revoke} also
	 * whether the old one was revoked
	 * @param error what failed, or {@code null} on success
	 * @param certificate the certificate's state after the operation
	 */
	public record OperationResultDescriptor(String operation, boolean succeeded, @Nullable String error,
			CertificateDescriptor certificate) implements OperationResponseBody {

	}

}

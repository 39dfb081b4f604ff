package dev.acmeboot.autoconfigure.maintenance;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.shredzone.acme4j.RevocationReason;

import dev.acmeboot.autoconfigure.ssl.CertificateState;

/**
 * Operations on the managed certificate for applications and operators: renew it now, or
 * revoke it and replace it at once. Both run on the maintenance thread, one after the
 * other, and the methods wait for them to end.
 *
 * @author ACME Spring Boot contributors
 */
public class CertificateManager {

	/**
	 * Maximum wait for an operation, which covers the CA's validation and issuance
	 * timeouts.
	 */
	static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(6);

	private final CertificateMaintainer maintainer;

	private final CertificateState state;

	/**
	 * Creates a manager.
	 * @param maintainer the maintenance loop that runs the operations
	 * @param state what is known about the certificate
	 */
	public CertificateManager(CertificateMaintainer maintainer, CertificateState state) {
		this.maintainer = maintainer;
		this.state = state;
	}

	/**
	 * Returns what is known about the managed certificate.
	 * @return the certificate's state
	 */
	public CertificateState getState() {
		return this.state;
	}

	/**
	 * Orders a new certificate now and installs it, regardless of the renewal time.
	 * @return whether a new certificate is served; on {@code false} the reason is in
	 * {@link CertificateState#getLastFailure()} and a retry is scheduled
	 */
	public boolean renew() {
		return await(this.maintainer.renewNow(), "renew");
	}

	/**
	 * Revokes the served certificate at the CA and installs a replacement with a new
	 * key at once. Revoking a certificate that the CA already revoked is not an error.
	 * @param reason the reason to report to the CA; with
	 * {@link RevocationReason#KEY_COMPROMISE} the old key is never used again, which
	 * holds for every reason since each certificate gets a new key
	 * @return whether a replacement is served; on {@code false} the reason is in
	 * {@link CertificateState#getLastFailure()} and a retry is scheduled
	 * @throws CertificateOperationException if the revocation failed
	 */
	public boolean revoke(RevocationReason reason) {
		return await(this.maintainer.revoke(reason), "revoke");
	}

	private boolean await(CompletableFuture<Boolean> operation, String name) {
		try {
			return operation.get(OPERATION_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CertificateOperationException("Interrupted while waiting to " + name + " the certificate for "
					+ this.state.getCertificate().domains(), ex);
		}
		catch (ExecutionException ex) {
			throw new CertificateOperationException("Unable to " + name + " the certificate for "
					+ this.state.getCertificate().domains() + ": " + FailureMessages.describe(ex.getCause()),
					ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new CertificateOperationException("Timed out after " + OPERATION_TIMEOUT.toMinutes()
					+ " minutes waiting to " + name + " the certificate for " + this.state.getCertificate().domains(),
					ex);
		}
	}

}

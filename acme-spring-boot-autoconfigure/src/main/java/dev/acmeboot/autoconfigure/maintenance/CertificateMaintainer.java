package dev.acmeboot.autoconfigure.maintenance;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.RevocationReason;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.certificate.CertificateVerifier;
import dev.acmeboot.autoconfigure.certificate.ManagedCertificate;
import dev.acmeboot.autoconfigure.event.CertificateInstalledEvent;
import dev.acmeboot.autoconfigure.event.CertificateOrderStartedEvent;
import dev.acmeboot.autoconfigure.event.CertificateRenewalFailedEvent;
import dev.acmeboot.autoconfigure.event.CertificateRevokedEvent;
import dev.acmeboot.autoconfigure.issuance.AccountUnusableException;
import dev.acmeboot.autoconfigure.issuance.AcmeClient;
import dev.acmeboot.autoconfigure.issuance.CertificateIssuer;
import dev.acmeboot.autoconfigure.maintenance.RenewalPlanner.RenewalDecision;
import dev.acmeboot.autoconfigure.ssl.CertificateInstaller;
import dev.acmeboot.autoconfigure.ssl.CertificateState;
import dev.acmeboot.autoconfigure.storage.CertificateStore;
import dev.acmeboot.autoconfigure.storage.CertificateStoreException;
import dev.acmeboot.autoconfigure.storage.RenewalRecord;

/**
 * The maintenance loop of a managed certificate. Once the web server is up it checks the
 * certificate at the configured interval, orders a new one when it is due, and retries
 * failures on the {@link RetrySchedule}. The served certificate changes only after a new
 * one has been issued, verified and stored, so the site keeps serving throughout.
 * <p>
 * Every check, renewal and revocation runs on one daemon thread that this class owns,
 * so they never overlap, never delay start-up, and leave the application's own task
 * scheduler alone.
 *
 * @author ACME Spring Boot contributors
 */
public class CertificateMaintainer implements SmartLifecycle, ApplicationListener<WebServerInitializedEvent> {

	private static final Log logger = LogFactory.getLog(CertificateMaintainer.class);

	/**
	 * Maximum wait for an interrupted issuance to end when the application stops.
	 */
	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private final CertificateState state;

	private final CertificateIssuer issuer;

	private final AcmeClient client;

	private final CertificateVerifier verifier;

	private final CertificateStore store;

	private final CertificateInstaller installer;

	private final ApplicationEventPublisher events;

	private final MaintenanceSettings settings;

	private final RenewalPlanner planner;

	private final FailureLog failureLog = new FailureLog(logger);

	private final Object lifecycleMonitor = new Object();

	private @Nullable ScheduledExecutorService executor;

	private @Nullable ScheduledFuture<?> nextCheck;

	private boolean webServerReady;

	/**
	 * Creates the maintenance loop.
	 * @param state the certificate to maintain and what is served
	 * @param issuer obtains certificates from the CA
	 * @param client the connection to the CA, for revocation and renewal information
	 * @param verifier checks each issued certificate
	 * @param store keeps issued certificates and the renewal record
	 * @param installer swaps certificates into the web server
	 * @param events publishes the certificate events
	 * @param settings the timing settings
	 */
	public CertificateMaintainer(CertificateState state, CertificateIssuer issuer, AcmeClient client,
			CertificateVerifier verifier, CertificateStore store, CertificateInstaller installer,
			ApplicationEventPublisher events, MaintenanceSettings settings) {
		this.state = state;
		this.issuer = issuer;
		this.client = client;
		this.verifier = verifier;
		this.store = store;
		this.installer = installer;
		this.events = events;
		this.settings = settings;
		this.planner = new RenewalPlanner(state, client, settings);
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() != null) {
			return;
		}
		synchronized (this.lifecycleMonitor) {
			this.webServerReady = true;
			scheduleCheck(Duration.ZERO);
		}
	}

	/**
	 * Orders a new certificate now, regardless of the renewal time and back-off.
	 * @return a future that completes when the attempt has ended, with whether a new
	 * certificate is served
	 */
	public CompletableFuture<Boolean> renewNow() {
		return submit(() -> attempt("renewal was requested", loadRecord()));
	}

	/**
	 * Revokes the served certificate at the CA, then orders a replacement at once with a
	 * new key.
	 * @param reason the reason to report to the CA
	 * @return a future that completes when the replacement attempt has ended, with
	 * whether a new certificate is served; it fails if the revocation failed
	 */
	public CompletableFuture<Boolean> revoke(RevocationReason reason) {
		return submit(() -> {
			revokeServed(reason);
			RenewalRecord record = loadRecord();
			return attempt("the certificate was revoked", record);
		});
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.executor != null) {
				return;
			}
			ScheduledThreadPoolExecutor created = new ScheduledThreadPoolExecutor(1, (task) -> {
				Thread thread = new Thread(task, "acme-maintenance");
				thread.setDaemon(true);
				return thread;
			});
			created.setRemoveOnCancelPolicy(true);
			this.executor = created;
			if (this.state.isServingPlaceholder()) {
				// The first issuance follows as soon as the web server is up: do the work
				// that needs no order while the server starts.
				created.execute(() -> this.issuer.prepare(this.state.getCertificate()));
			}
			if (this.webServerReady) {
				scheduleCheck(Duration.ZERO);
			}
		}
	}

	/**
	 * Stops the loop, interrupting an issuance in progress, and waits a few seconds for
	 * it to end so that no file is written after the application has stopped.
	 */
	@Override
	public void stop() {
		ScheduledExecutorService stopping;
		synchronized (this.lifecycleMonitor) {
			stopping = this.executor;
			this.executor = null;
			this.nextCheck = null;
		}
		if (stopping == null) {
			return;
		}
		stopping.shutdownNow();
		try {
			if (!stopping.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("The certificate maintenance thread did not stop within " + STOP_TIMEOUT.toSeconds()
						+ " s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.lifecycleMonitor) {
			return this.executor != null;
		}
	}

	/**
	 * Starts before the web server and stops after it, so the loop is ready when the
	 * server announces itself.
	 */
	@Override
	public int getPhase() {
		return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;
	}

	private CompletableFuture<Boolean> submit(Operation operation) {
		CompletableFuture<Boolean> result = new CompletableFuture<>();
		synchronized (this.lifecycleMonitor) {
			if (this.executor == null) {
				result.completeExceptionally(new IllegalStateException("The certificate maintenance loop is not running"));
				return result;
			}
			this.executor.execute(() -> {
				try {
					result.complete(operation.run());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					result.completeExceptionally(ex);
				}
				catch (Exception ex) {
					result.completeExceptionally(ex);
				}
			});
		}
		return result;
	}

	private void scheduleCheck(Duration delay) {
		synchronized (this.lifecycleMonitor) {
			if (this.executor == null || !this.webServerReady) {
				return;
			}
			if (this.nextCheck != null) {
				this.nextCheck.cancel(false);
			}
			this.nextCheck = this.executor.schedule(this::check, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
		}
	}

	private void check() {
		try {
			if (this.state.isRenewalStopped()) {
				return;
			}
			Instant now = now();
			RenewalDecision decision = this.planner.decide(now);
			if (!decision.due()) {
				scheduleCheckBefore(decision.renewAt(), now);
				return;
			}
			RenewalRecord record = loadRecord();
			Instant nextAttempt = record.nextAttempt();
			if (nextAttempt != null && nextAttempt.isAfter(now)) {
				logger.debug("Certificate for " + domains() + " is due (" + decision.reason()
						+ ") but the next attempt is not before " + nextAttempt);
				scheduleCheck(Duration.between(now, nextAttempt));
				return;
			}
			attempt(decision.reason(), record);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			logger.error("Unexpected failure while checking the certificate for " + domains()
					+ "; checking again in " + this.settings.checkInterval(), ex);
			scheduleCheck(this.settings.checkInterval());
		}
	}

	private void scheduleCheckBefore(Instant renewAt, Instant now) {
		scheduleCheck(this.planner.nextCheckDelay(renewAt, now));
	}

	/**
	 * Orders, verifies, stores and installs a new certificate.
	 * @return whether a new certificate is served
	 */
	private boolean attempt(String reason, RenewalRecord record) throws InterruptedException {
		ManagedCertificate certificate = this.state.getCertificate();
		this.events.publishEvent(new CertificateOrderStartedEvent(this, domains(), reason));
		logger.info("Obtaining a certificate for " + domains() + " because " + reason + describeRetry(record));
		X509Certificate replaces = this.planner.chooseReplaces(record, now());
		RenewalRecord current = record;
		try {
			CertificateBundle issued = this.issuer.issue(certificate, replaces);
			if (replaces != null) {
				current = current.withReplacedSerial(CertificateBundle.serialNumber(replaces.getSerialNumber()));
			}
			this.verifier.verify(issued, certificate.domains());
			this.store.saveCertificate(certificate.id(), issued);
			this.installer.install(issued);
			this.planner.forgetRenewalInfo();
			saveRecord(RenewalRecord.EMPTY);
			this.state.setRenewalStopped(false);
			this.failureLog.succeeded();
			this.events.publishEvent(new CertificateInstalledEvent(this, domains(), issued.serialNumber(),
					issued.notAfter()));
			scheduleAfterSuccess();
			return true;
		}
		catch (AccountUnusableException ex) {
			stopRenewals(current, ex);
			return false;
		}
		catch (AcmeException | RuntimeException ex) {
			if (isStopping()) {
				logger.info("Stopped obtaining a certificate for " + domains() + " because the application is stopping");
				return false;
			}
			failed(current, ex);
			return false;
		}
	}

	private void scheduleAfterSuccess() {
		Instant now = now();
		RenewalDecision decision = this.planner.decide(now);
		scheduleCheckBefore(decision.renewAt(), now);
	}

	private void failed(RenewalRecord record, Exception ex) {
		Instant now = now();
		int failures = record.failures() + 1;
		Instant nextAttempt = now.plus(this.settings.retrySchedule().delayAfter(failures, this.settings.random()));
		Optional<Instant> retryAfter = findRetryAfter(ex);
		if (retryAfter.isPresent() && retryAfter.get().isAfter(nextAttempt)) {
			nextAttempt = retryAfter.get();
		}
		String message = FailureMessages.describe(ex);
		saveRecord(new RenewalRecord(failures, message, now, nextAttempt, record.replacedSerial()));
		this.state.failed(message, now, failures, nextAttempt);
		this.failureLog.failed(message, "Unable to obtain a certificate for " + domains() + " from "
				+ this.client.describeCa() + ": " + message + "; still serving the " + describeServed() + "; attempt "
				+ failures + " failed, next attempt at " + nextAttempt, ex);
		this.events.publishEvent(new CertificateRenewalFailedEvent(this, domains(), ex, nextAttempt));
		scheduleCheck(Duration.between(now, nextAttempt));
	}

	/**
	 * Returns the CA's Retry-After from a rate-limit error anywhere in the cause chain,
	 * because errors after the order was created arrive wrapped.
	 */
	private static Optional<Instant> findRetryAfter(Throwable failure) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (current instanceof AcmeRateLimitedException rateLimited) {
				return rateLimited.getRetryAfter();
			}
		}
		return Optional.empty();
	}

	private static String describeRetry(RenewalRecord record) {
		int failures = record.failures();
		if (failures == 0) {
			return "";
		}
		return " (retry after " + failures + " failed " + ((failures == 1) ? "attempt)" : "attempts)");
	}

	private void stopRenewals(RenewalRecord record, AccountUnusableException ex) {
		Instant now = now();
		String message = ex.getMessage();
		saveRecord(new RenewalRecord(record.failures() + 1, message, now, null, record.replacedSerial()));
		this.state.failed(message, now, record.failures() + 1, null);
		this.state.setRenewalStopped(true);
		logger.error(message + ". Renewals for " + domains() + " are stopped until this is fixed: restore the "
				+ "account key in the storage folder, or set 'acme.recreate-account=true' to register a new "
				+ "account, then restart the application.");
		this.events.publishEvent(new CertificateRenewalFailedEvent(this, domains(), ex, null));
	}

	private void revokeServed(RevocationReason reason) throws AcmeException {
		Optional<CertificateBundle> served = this.state.getServedBundle();
		if (this.state.isServingPlaceholder() || served.isEmpty()) {
			throw new IllegalStateException("No certificate from the CA is served for " + domains()
					+ ", so there is nothing to revoke");
		}
		CertificateBundle bundle = served.get();
		boolean revoked = this.client.revoke(bundle.leaf(), reason);
		logger.info((revoked ? "Revoked" : "Already revoked:") + " certificate for " + domains() + " (serial "
				+ bundle.serialNumber() + ", reason " + reason + ")");
		this.planner.forgetRenewalInfo();
		saveRecord(loadRecord().withReplacedSerial(bundle.serialNumber()));
		this.events.publishEvent(new CertificateRevokedEvent(this, domains(), bundle.serialNumber(), reason));
	}

	private RenewalRecord loadRecord() {
		try {
			return this.store.loadRenewalRecord(this.state.getCertificate().id()).orElse(RenewalRecord.EMPTY);
		}
		catch (CertificateStoreException ex) {
			logger.warn("Unable to read the renewal record for " + domains() + ": " + ex.getMessage()
					+ "; starting from an empty record");
			return RenewalRecord.EMPTY;
		}
	}

	private void saveRecord(RenewalRecord record) {
		try {
			this.store.saveRenewalRecord(this.state.getCertificate().id(), record);
		}
		catch (CertificateStoreException ex) {
			logger.warn("Unable to save the renewal record for " + domains() + ": " + ex.getMessage());
		}
	}

	/**
	 * Returns whether the loop is being stopped, in which case an interrupted request is
	 * no failure of the CA's.
	 */
	private boolean isStopping() {
		synchronized (this.lifecycleMonitor) {
			return this.executor == null || Thread.currentThread().isInterrupted();
		}
	}

	private String describeServed() {
		return this.state.isServingPlaceholder() ? "self-signed placeholder" : "current certificate";
	}

	private List<String> domains() {
		return this.state.getCertificate().domains();
	}

	private Instant now() {
		return this.settings.clock().instant();
	}

	@FunctionalInterface
	private interface Operation {

		boolean run() throws Exception;

	}

	/**
	 * Timing settings of the maintenance loop.
	 *
	 * @param checkInterval the longest wait between two checks
	 * @param retrySchedule the waits after failed attempts
	 * @param useRenewalInfo whether to follow the CA's renewal information (RFC 9773)
	 * when the CA offers it
	 * @param clock the clock that decides when a certificate is due
	 * @param random the source of jitter and of the time picked inside a renewal window
	 */
	public record MaintenanceSettings(Duration checkInterval, RetrySchedule retrySchedule, boolean useRenewalInfo,
			Clock clock, RandomGenerator random) {

	}

}

package dev.acmeboot.autoconfigure.maintenance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.exception.AcmeException;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.certificate.CertificateVerifier;
import dev.acmeboot.autoconfigure.certificate.ManagedCertificate;
import dev.acmeboot.autoconfigure.issuance.CertificateIssuer;
import dev.acmeboot.autoconfigure.ssl.CertificateInstaller;
import dev.acmeboot.autoconfigure.ssl.CertificateState;
import dev.acmeboot.autoconfigure.storage.CertificateStore;

/**
 * The maintenance loop: once the web server is up, it obtains a certificate when the
 * placeholder is served, renews the served one when two thirds of its lifetime have
 * passed, and retries after failures. It owns a single daemon thread, so issuance never
 * delays start-up and the application's own task scheduler is left alone.
 *
 * @author ACME Spring Boot contributors
 */
public class CertificateMaintainer implements SmartLifecycle, ApplicationListener<WebServerInitializedEvent> {

	private static final Log logger = LogFactory.getLog(CertificateMaintainer.class);

	/**
	 * Wait before another attempt after a failed issuance.
	 */
	static final Duration RETRY_DELAY = Duration.ofMinutes(10);

	/**
	 * Longest wait between two checks of a certificate that is not due yet.
	 */
	static final Duration CHECK_INTERVAL = Duration.ofHours(12);

	private final CertificateState state;

	private final CertificateIssuer issuer;

	private final CertificateVerifier verifier;

	private final CertificateStore store;

	private final CertificateInstaller installer;

	private final Clock clock;

	private final Object lifecycleMonitor = new Object();

	private @Nullable ScheduledExecutorService executor;

	private boolean webServerReady;

	/**
	 * Creates the maintenance loop.
	 * @param state the certificate to maintain and what is served
	 * @param issuer obtains certificates from the CA
	 * @param verifier checks each issued certificate
	 * @param store keeps issued certificates
	 * @param installer swaps certificates into the web server
	 * @param clock the clock that decides when a certificate is due
	 */
	public CertificateMaintainer(CertificateState state, CertificateIssuer issuer, CertificateVerifier verifier,
			CertificateStore store, CertificateInstaller installer, Clock clock) {
		this.state = state;
		this.issuer = issuer;
		this.verifier = verifier;
		this.store = store;
		this.installer = installer;
		this.clock = clock;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() != null) {
			return;
		}
		synchronized (this.lifecycleMonitor) {
			this.webServerReady = true;
			schedule(Duration.ZERO);
		}
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
			if (this.webServerReady) {
				schedule(Duration.ZERO);
			}
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			if (this.executor != null) {
				this.executor.shutdownNow();
				this.executor = null;
			}
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

	private void schedule(Duration delay) {
		synchronized (this.lifecycleMonitor) {
			if (this.executor != null && this.webServerReady) {
				this.executor.schedule(this::maintain, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
			}
		}
	}

	private void maintain() {
		ManagedCertificate certificate = this.state.getCertificate();
		Instant due = dueTime();
		Instant now = this.clock.instant();
		if (now.isBefore(due)) {
			scheduleCheck(Duration.between(now, due));
			return;
		}
		try {
			CertificateBundle issued = this.issuer.issue(certificate);
			this.verifier.verify(issued, certificate.domains());
			this.store.saveCertificate(certificate.id(), issued);
			this.installer.install(issued);
			scheduleCheck(Duration.between(this.clock.instant(), dueTime()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (AcmeException | RuntimeException ex) {
			String message = describe(ex);
			this.state.failed(message, this.clock.instant());
			logger.warn("Unable to obtain a certificate for " + certificate.domains() + " from the CA: " + message
					+ "; still serving the " + (this.state.isServingPlaceholder() ? "placeholder" : "current certificate")
					+ ", next attempt in " + RETRY_DELAY.toMinutes() + " minutes");
			logger.debug("Issuance failure for " + certificate.domains(), ex);
			schedule(RETRY_DELAY);
		}
	}

	private void scheduleCheck(Duration untilDue) {
		schedule((untilDue.compareTo(CHECK_INTERVAL) < 0) ? untilDue : CHECK_INTERVAL);
	}

	/**
	 * Returns when the served certificate is due for renewal: now for the placeholder,
	 * otherwise once two thirds of its lifetime have passed.
	 */
	private Instant dueTime() {
		if (this.state.isServingPlaceholder() || this.state.getServedBundle().isEmpty()) {
			return Instant.MIN;
		}
		CertificateBundle served = this.state.getServedBundle().get();
		if (!served.covers(this.state.getCertificate().domains())) {
			return Instant.MIN;
		}
		return served.notBefore().plus(served.lifetime().multipliedBy(2).dividedBy(3));
	}

	private static String describe(Throwable ex) {
		StringBuilder message = new StringBuilder(String.valueOf(ex.getMessage()));
		Throwable cause = ex.getCause();
		while (cause != null && cause != ex) {
			if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
				message.append(": ").append(cause.getMessage());
			}
			ex = cause;
			cause = cause.getCause();
		}
		return message.toString();
	}

}

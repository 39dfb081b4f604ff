package dev.acmeboot.autoconfigure.maintenance;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.issuance.AcmeClient;
import dev.acmeboot.autoconfigure.maintenance.CertificateMaintainer.MaintenanceSettings;
import dev.acmeboot.autoconfigure.ssl.CertificateState;
import dev.acmeboot.autoconfigure.storage.RenewalRecord;

/**
 * Decides when the served certificate is due, when to check it next, and which
 * certificate a new order replaces. Used by the maintenance thread only.
 *
 * @author ACME Spring Boot contributors
 */
class RenewalPlanner {

	/**
	 * Share of random jitter added to each check interval, so that many instances
	 * started together do not check in step.
	 */
	private static final double CHECK_JITTER = 0.10;

	private final CertificateState state;

	private final MaintenanceSettings settings;

	private final RenewalInfoTracker renewalInfo;

	RenewalPlanner(CertificateState state, AcmeClient client, MaintenanceSettings settings) {
		this(state, settings, new RenewalInfoTracker(client, state, settings.clock(), settings.random(),
				settings.useRenewalInfo()));
	}

	RenewalPlanner(CertificateState state, MaintenanceSettings settings, RenewalInfoTracker renewalInfo) {
		this.state = state;
		this.settings = settings;
		this.renewalInfo = renewalInfo;
	}

	/**
	 * Decides whether the served certificate is due, and records the planned renewal
	 * time in the certificate's state.
	 * @param now the current time
	 * @return the decision
	 */
	RenewalDecision decide(Instant now) {
		Optional<CertificateBundle> served = this.state.getServedBundle();
		if (this.state.isServingPlaceholder() || served.isEmpty()) {
			return dueNow(now, "no certificate from the CA is served yet");
		}
		CertificateBundle bundle = served.get();
		List<String> domains = this.state.getCertificate().domains();
		if (!bundle.covers(domains)) {
			return dueNow(now, "the configured names " + domains + " differ from the certificate's "
					+ bundle.dnsNames());
		}
		if (!now.isBefore(bundle.notAfter())) {
			return dueNow(now, "the certificate expired at " + bundle.notAfter());
		}
		Optional<Instant> byWindow = this.renewalInfo.renewalTime(bundle);
		Instant renewAt = byWindow.orElseGet(() -> RenewalTiming.byLifetime(bundle.notBefore(), bundle.notAfter()));
		this.state.setNextRenewal(renewAt);
		if (now.isBefore(renewAt)) {
			return new RenewalDecision(false, renewAt, "");
		}
		String reason = byWindow.isPresent() ? "the CA's renewal window has been reached"
				: "most of the certificate's lifetime has passed";
		return new RenewalDecision(true, now, reason);
	}

	/**
	 * Returns the wait before the next check of a certificate that is not due: the check
	 * interval with jitter, or less when the renewal time or a new fetch of renewal
	 * information comes first.
	 * @param renewAt the planned renewal time
	 * @param now the current time
	 * @return the wait
	 */
	Duration nextCheckDelay(Instant renewAt, Instant now) {
		Duration untilDue = Duration.between(now, renewAt);
		Duration interval = this.settings.checkInterval();
		long jitter = (long) (interval.toMillis() * CHECK_JITTER * this.settings.random().nextDouble());
		Duration regular = interval.plusMillis(jitter);
		Duration delay = (untilDue.compareTo(regular) < 0) ? untilDue : regular;
		Optional<Instant> refetch = this.renewalInfo.nextFetch();
		if (refetch.isPresent() && Duration.between(now, refetch.get()).compareTo(delay) < 0) {
			delay = Duration.between(now, refetch.get());
		}
		return delay.isNegative() ? Duration.ZERO : delay;
	}

	/**
	 * Returns the certificate a new order names in its {@code replaces} field (RFC
	 * 9773): the served one, while the CA offers renewal information, the certificate is
	 * still valid, and no earlier order already replaced it.
	 * @param record the renewal record with the serial already replaced
	 * @param now the current time
	 * @return the certificate to replace, or {@code null}
	 */
	@Nullable X509Certificate chooseReplaces(RenewalRecord record, Instant now) {
		Optional<CertificateBundle> served = this.state.getServedBundle();
		if (this.state.isServingPlaceholder() || served.isEmpty() || !this.renewalInfo.isSupported()) {
			return null;
		}
		CertificateBundle bundle = served.get();
		if (!now.isBefore(bundle.notAfter()) || bundle.serialNumber().equals(record.replacedSerial())) {
			return null;
		}
		return bundle.leaf();
	}

	/**
	 * Forgets the tracked renewal window, for when the served certificate changed or
	 * was revoked.
	 */
	void forgetRenewalInfo() {
		this.renewalInfo.forget();
	}

	private RenewalDecision dueNow(Instant now, String reason) {
		this.state.setNextRenewal(now);
		return new RenewalDecision(true, now, reason);
	}

	/**
	 * The outcome of a renewal check.
	 *
	 * @param due whether a new certificate must be ordered now
	 * @param renewAt when the certificate is due
	 * @param reason why it is due, empty when it is not
	 */
	record RenewalDecision(boolean due, Instant renewAt, String reason) {

	}

}

package dev.acmeboot.autoconfigure.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.ssl.CertificateState;
import dev.acmeboot.autoconfigure.ssl.CertificateState.Failure;

/**
 * Health of the managed certificates, one detail entry per certificate under its first
 * name. The status is down when a certificate needs an operator:
 * <ul>
 * <li>the self-signed placeholder is still served once the grace period after start-up
 * has passed,</li>
 * <li>the served certificate has expired,</li>
 * <li>more consecutive attempts to obtain a certificate failed than allowed, or</li>
 * <li>renewals stopped because they cannot succeed without a change, such as an account
 * the CA rejects.</li>
 * </ul>
 * Otherwise the status is up, also while the placeholder is served within the grace
 * period.
 *
 * @author ACME Spring Boot contributors
 */
public class AcmeHealthIndicator implements HealthIndicator {

	private static final long SECONDS_PER_DAY = Duration.ofDays(1).toSeconds();

	private final List<CertificateState> certificates;

	private final Duration placeholderGracePeriod;

	private final int maxFailures;

	private final Clock clock;

	private final Instant started;

	/**
	 * Creates an indicator whose grace period starts now.
	 * @param certificates the managed certificates
	 * @param placeholderGracePeriod the time after start-up during which serving the
	 * placeholder is healthy
	 * @param maxFailures the maximum number of consecutive failures that is healthy
	 */
	public AcmeHealthIndicator(List<CertificateState> certificates, Duration placeholderGracePeriod,
			int maxFailures) {
		this(certificates, placeholderGracePeriod, maxFailures, Clock.systemUTC());
	}

	AcmeHealthIndicator(List<CertificateState> certificates, Duration placeholderGracePeriod, int maxFailures,
			Clock clock) {
		this.certificates = List.copyOf(certificates);
		this.placeholderGracePeriod = placeholderGracePeriod;
		this.maxFailures = maxFailures;
		this.clock = clock;
		this.started = clock.instant();
	}

	@Override
	public Health health() {
		Instant now = this.clock.instant();
		Health.Builder builder = Health.up();
		for (CertificateState state : this.certificates) {
			Map<String, Object> details = describe(state, now);
			List<String> problems = findProblems(state, now);
			if (!problems.isEmpty()) {
				builder.down();
				details.put("problems", problems);
			}
			builder.withDetail(state.getCertificate().domains().get(0), details);
		}
		return builder.build();
	}

	private Map<String, Object> describe(CertificateState state, Instant now) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("names", state.getCertificate().domains());
		details.put("placeholder", state.isServingPlaceholder());
		Optional<CertificateBundle> served = state.getServedBundle();
		if (served.isPresent() && !state.isServingPlaceholder()) {
			CertificateBundle bundle = served.get();
			details.put("serialNumber", bundle.serialNumber());
			details.put("notAfter", bundle.notAfter());
			long secondsLeft = Duration.between(now, bundle.notAfter()).toSeconds();
			details.put("daysLeft", Math.floorDiv(secondsLeft, SECONDS_PER_DAY));
		}
		Optional<Failure> failure = state.getLastFailure();
		if (failure.isPresent()) {
			details.put("failures", failure.get().failures());
			details.put("lastError", failure.get().message());
			if (failure.get().nextAttempt() != null) {
				details.put("nextAttempt", failure.get().nextAttempt());
			}
		}
		return details;
	}

	private List<String> findProblems(CertificateState state, Instant now) {
		List<String> problems = new ArrayList<>();
		if (state.isRenewalStopped()) {
			problems.add("Renewals stopped because retrying cannot succeed. Fix the cause in lastError and restart "
					+ "the application.");
		}
		Optional<CertificateBundle> served = state.getServedBundle();
		if (served.isPresent() && !state.isServingPlaceholder() && !now.isBefore(served.get().notAfter())) {
			problems.add("The served certificate expired at " + served.get().notAfter());
		}
		int failures = state.getLastFailure().map(Failure::failures).orElse(0);
		if (failures > this.maxFailures) {
			String attempts = (failures == 1) ? "1 attempt" : failures + " consecutive attempts";
			problems.add(attempts + " failed, more than the " + this.maxFailures
					+ " allowed by 'acme.health.max-failures'");
		}
		Duration sinceStart = Duration.between(this.started, now);
		if (state.isServingPlaceholder() && sinceStart.compareTo(this.placeholderGracePeriod) >= 0) {
			problems.add("The self-signed placeholder is still served " + sinceStart.toSeconds()
					+ " s after start-up, and 'acme.health.placeholder-grace-period' is "
					+ this.placeholderGracePeriod.toSeconds() + " s");
		}
		return problems;
	}

}

package dev.acmeboot.autoconfigure.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.event.CertificateInstalledEvent;
import dev.acmeboot.autoconfigure.event.CertificateOrderStartedEvent;
import dev.acmeboot.autoconfigure.event.CertificateRenewalFailedEvent;
import dev.acmeboot.autoconfigure.ssl.CertificateState;
import dev.acmeboot.autoconfigure.ssl.CertificateStates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AcmeMetrics}.
 */
class AcmeMetricsTests {

	private static final String NAME = "app.example.test";

	private static final List<String> NAMES = List.of(NAME, "www.app.example.test");

	private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

	private final MockClock clock = new MockClock();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock);

	private final CertificateState state = CertificateStates.of(NAME, "www.app.example.test");

	private final AcmeMetrics metrics;

	AcmeMetricsTests() {
		this.clock.add(Duration.ofMillis(NOW.toEpochMilli() - this.clock.wallTime()));
		this.metrics = new AcmeMetrics(this.registry, List.of(this.state));
	}

	@Test
	void expiryIsSecondsUntilNotAfter() {
		CertificateBundle bundle = CertificateStates.selfSigned(NOW, NAME);
		CertificateStates.serve(this.state, bundle, false);
		this.clock.add(Duration.ofDays(1));

		double expiry = this.registry.get("acme.certificate.expiry").tag("certificate", NAME).timeGauge().value(TimeUnit.SECONDS);

		assertThat(expiry).isEqualTo((double) Duration.ofDays(29).toSeconds());
	}

	@Test
	void expiryIsNanForPlaceholder() {
		CertificateStates.serve(this.state, CertificateStates.selfSigned(NOW, NAME), true);

		double expiry = this.registry.get("acme.certificate.expiry").tag("certificate", NAME).timeGauge().value(TimeUnit.SECONDS);

		assertThat(expiry).isNaN();
	}

	@Test
	void expiryIsNanBeforeAnythingServed() {
		assertThat(this.registry.get("acme.certificate.expiry").timeGauge().value(TimeUnit.SECONDS)).isNaN();
	}

	@Test
	void expiryIsNegativeAfterNotAfter() {
		CertificateStates.serve(this.state, CertificateStates.selfSigned(NOW, NAME), false);
		this.clock.add(Duration.ofDays(31));

		double expiry = this.registry.get("acme.certificate.expiry").timeGauge().value(TimeUnit.SECONDS);

		assertThat(expiry).isEqualTo((double) -Duration.ofDays(1).toSeconds());
	}

	@Test
	void expiryHasSecondsAsBaseUnit() {
		assertThat(this.registry.get("acme.certificate.expiry").timeGauge().getId().getBaseUnit())
			.isEqualTo("seconds");
	}

	@Test
	void orderCountersStartAtZero() {
		assertThat(ordersCount("success")).isZero();
		assertThat(ordersCount("failure")).isZero();
	}

	@Test
	void installedCountsSuccess() {
		this.metrics.onApplicationEvent(started());
		this.metrics.onApplicationEvent(installed());

		assertThat(ordersCount("success")).isEqualTo(1);
		assertThat(ordersCount("failure")).isZero();
	}

	@Test
	void renewalFailedCountsFailure() {
		this.metrics.onApplicationEvent(started());
		this.metrics.onApplicationEvent(failed());
		this.metrics.onApplicationEvent(started());
		this.metrics.onApplicationEvent(failed());

		assertThat(ordersCount("failure")).isEqualTo(2);
		assertThat(ordersCount("success")).isZero();
	}

	@Test
	void issuanceTimesOrderUntilInstalled() {
		this.metrics.onApplicationEvent(started());
		this.clock.add(Duration.ofSeconds(42));
		this.metrics.onApplicationEvent(installed());

		Timer timer = this.registry.get("acme.issuance").tag("certificate", NAME).tag("outcome", "success").timer();
		assertThat(timer.count()).isEqualTo(1);
		assertThat(timer.totalTime(TimeUnit.SECONDS)).isEqualTo(42.0);
	}

	@Test
	void issuanceTimesOrderUntilFailure() {
		this.metrics.onApplicationEvent(started());
		this.clock.add(Duration.ofSeconds(7));
		this.metrics.onApplicationEvent(failed());

		Timer timer = this.registry.get("acme.issuance").tag("certificate", NAME).tag("outcome", "failure").timer();
		assertThat(timer.count()).isEqualTo(1);
		assertThat(timer.totalTime(TimeUnit.SECONDS)).isEqualTo(7.0);
	}

	@Test
	void failureWithoutStartIsCountedNotTimed() {
		this.metrics.onApplicationEvent(failed());

		assertThat(ordersCount("failure")).isEqualTo(1);
		assertThat(this.registry.find("acme.issuance").timer()).isNull();
	}

	@Test
	void eachOrderIsTimedOnce() {
		this.metrics.onApplicationEvent(started());
		this.metrics.onApplicationEvent(installed());
		this.metrics.onApplicationEvent(installed());

		assertThat(ordersCount("success")).isEqualTo(2);
		assertThat(this.registry.get("acme.issuance").tag("outcome", "success").timer().count()).isEqualTo(1);
	}

	private double ordersCount(String outcome) {
		return this.registry.get("acme.orders").tag("certificate", NAME).tag("outcome", outcome).counter().count();
	}

	private CertificateOrderStartedEvent started() {
		return new CertificateOrderStartedEvent(this, NAMES, "no certificate from the CA is served yet");
	}

	private CertificateInstalledEvent installed() {
		return new CertificateInstalledEvent(this, NAMES, "1a2b", NOW.plus(Duration.ofDays(90)));
	}

	private CertificateRenewalFailedEvent failed() {
		return new CertificateRenewalFailedEvent(this, NAMES, new IllegalStateException("Connection refused"),
				NOW.plus(Duration.ofMinutes(1)));
	}

}

package dev.acmeboot.autoconfigure.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.acmeboot.autoconfigure.MutableClock;
import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.ssl.CertificateState;
import dev.acmeboot.autoconfigure.ssl.CertificateStates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AcmeHealthIndicator}.
 */
class AcmeHealthIndicatorTests {

	private static final String NAME = "app.example.test";

	private static final Instant START = Instant.parse("2025-06-01T12:00:00Z");

	private static final Duration GRACE = Duration.ofMinutes(10);

	private final MutableClock clock = new MutableClock(START);

	@Test
	void upWithNamesSerialAndDaysLeft() {
		CertificateBundle bundle = CertificateStates.selfSigned(START, NAME, "www.app.example.test");
		CertificateState state = CertificateStates.serve(CertificateStates.of(NAME, "www.app.example.test"), bundle,
				false);
		this.clock.advance(Duration.ofDays(2).plusHours(1));

		Health health = indicator(state).health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		Map<String, Object> details = detailsOf(health);
		assertThat(details).containsEntry("names", List.of(NAME, "www.app.example.test"));
		assertThat(details).containsEntry("placeholder", false);
		assertThat(details).containsEntry("serialNumber", bundle.serialNumber());
		assertThat(details).containsEntry("notAfter", bundle.notAfter());
		assertThat(details).containsEntry("daysLeft", 27L);
		assertThat(details).doesNotContainKeys("problems", "failures", "lastError");
	}

	@Test
	void upWhilePlaceholderWithinGracePeriod() {
		CertificateState state = placeholder();
		this.clock.advance(GRACE.minusSeconds(1));

		Health health = indicator(state).health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(detailsOf(health)).containsEntry("placeholder", true);
		assertThat(detailsOf(health)).doesNotContainKeys("serialNumber", "daysLeft");
	}

	@Test
	void upWhileNothingServedWithinGracePeriod() {
		Health health = indicator(CertificateStates.of(NAME)).health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(detailsOf(health)).containsEntry("placeholder", true);
	}

	@Test
	void downOncePlaceholderOutlastsGracePeriod() {
		CertificateState state = placeholder();
		AcmeHealthIndicator indicator = indicator(state);
		this.clock.advance(GRACE);

		Health health = indicator.health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(problemsOf(health)).singleElement()
			.asString()
			.contains("placeholder is still served 600 s after start-up");
	}

	@Test
	void downAtOnceWithZeroGracePeriod() {
		Health health = new AcmeHealthIndicator(List.of(placeholder()), Duration.ZERO, 3, this.clock).health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void upAfterPlaceholderReplaced() {
		CertificateState state = placeholder();
		AcmeHealthIndicator indicator = indicator(state);
		this.clock.advance(GRACE.multipliedBy(2));
		CertificateStates.serve(state, CertificateStates.selfSigned(this.clock.instant(), NAME), false);

		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void downWhenServedCertificateExpired() {
		CertificateBundle bundle = CertificateStates.selfSigned(START.minus(Duration.ofDays(31)), NAME);
		CertificateState state = served(bundle);

		Health health = indicator(state).health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(problemsOf(health)).singleElement()
			.isEqualTo("The served certificate expired at " + bundle.notAfter());
		assertThat(detailsOf(health)).containsEntry("daysLeft", -1L);
	}

	@Test
	void upAtMaxFailures() {
		CertificateState state = served(CertificateStates.selfSigned(START, NAME));
		state.failed("Connection refused", START, 3, START.plus(Duration.ofMinutes(100)));

		Health health = indicator(state).health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(detailsOf(health)).containsEntry("failures", 3);
	}

	@Test
	void downWhenFailuresExceedMax() {
		CertificateState state = served(CertificateStates.selfSigned(START, NAME));
		state.failed("Connection refused", START, 4, START.plus(Duration.ofDays(1)));

		Health health = indicator(state).health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(problemsOf(health)).singleElement()
			.asString()
			.startsWith("4 consecutive attempts failed, more than the 3 allowed");
	}

	@Test
	void detailsShowLastErrorAndNextAttempt() {
		CertificateState state = served(CertificateStates.selfSigned(START, NAME));
		Instant nextAttempt = START.plus(Duration.ofMinutes(10));
		state.failed("Authorization for 'app.example.test' is invalid", START, 2, nextAttempt);

		Map<String, Object> details = detailsOf(indicator(state).health());

		assertThat(details).containsEntry("failures", 2);
		assertThat(details).containsEntry("lastError", "Authorization for 'app.example.test' is invalid");
		assertThat(details).containsEntry("nextAttempt", nextAttempt);
	}

	@Test
	void downWhenRenewalsStopped() {
		CertificateState state = served(CertificateStates.selfSigned(START, NAME));
		state.failed("The CA reports the account as deactivated", START, 1, null);
		state.setRenewalStopped(true);

		Health health = indicator(state).health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(problemsOf(health)).singleElement().asString().startsWith("Renewals stopped");
		assertThat(detailsOf(health)).containsEntry("lastError", "The CA reports the account as deactivated");
		assertThat(detailsOf(health)).doesNotContainKey("nextAttempt");
	}

	@Test
	void downWhenAnyCertificateIsDown() {
		CertificateState healthy = served(CertificateStates.selfSigned(START, NAME));
		CertificateState expired = CertificateStates.serve(CertificateStates.of("other.example.test"),
				CertificateStates.selfSigned(START.minus(Duration.ofDays(40)), "other.example.test"), false);

		Health health = new AcmeHealthIndicator(List.of(healthy, expired), GRACE, 3, this.clock).health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsOnlyKeys(NAME, "other.example.test");
	}

	private AcmeHealthIndicator indicator(CertificateState state) {
		return new AcmeHealthIndicator(List.of(state), GRACE, 3, this.clock);
	}

	private static CertificateState served(CertificateBundle bundle) {
		return CertificateStates.serve(CertificateStates.of(NAME), bundle, false);
	}

	private static CertificateState placeholder() {
		return CertificateStates.serve(CertificateStates.of(NAME), CertificateStates.selfSigned(START, NAME), true);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> detailsOf(Health health) {
		return (Map<String, Object>) health.getDetails().get(NAME);
	}

	@SuppressWarnings("unchecked")
	private static List<String> problemsOf(Health health) {
		return (List<String>) detailsOf(health).get("problems");
	}

}

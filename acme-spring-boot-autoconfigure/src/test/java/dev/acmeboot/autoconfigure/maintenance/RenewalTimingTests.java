package dev.acmeboot.autoconfigure.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.acmeboot.autoconfigure.issuance.RenewalWindow;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RenewalTiming}.
 */
class RenewalTimingTests {

	private static final Instant ISSUED = Instant.parse("2026-12-01T00:00:00Z");

	@Test
	void ninetyDayCertificateRenewsAfterSixtyDays() {
		Instant renewAt = RenewalTiming.byLifetime(ISSUED, ISSUED.plus(Duration.ofDays(90)));
		assertThat(renewAt).isEqualTo(ISSUED.plus(Duration.ofDays(60)));
	}

	@Test
	void fortyFiveDayCertificateRenewsAfterThirtyDays() {
		Instant renewAt = RenewalTiming.byLifetime(ISSUED, ISSUED.plus(Duration.ofDays(45)));
		assertThat(renewAt).isEqualTo(ISSUED.plus(Duration.ofDays(30)));
	}

	@Test
	void shortLivedCertificateRenewsAtHalfLife() {
		Instant renewAt = RenewalTiming.byLifetime(ISSUED, ISSUED.plus(Duration.ofHours(160)));
		assertThat(renewAt).isEqualTo(ISSUED.plus(Duration.ofHours(80)));
	}

	@Test
	void tenDayCertificateUsesTwoThirds() {
		Instant renewAt = RenewalTiming.byLifetime(ISSUED, ISSUED.plus(Duration.ofDays(10)));
		assertThat(renewAt).isEqualTo(ISSUED.plus(Duration.ofDays(10).multipliedBy(2).dividedBy(3)));
	}

	@Test
	void emptyValidityIsDueAtStart() {
		assertThat(RenewalTiming.byLifetime(ISSUED, ISSUED)).isEqualTo(ISSUED);
		assertThat(RenewalTiming.byLifetime(ISSUED, ISSUED.minusSeconds(1))).isEqualTo(ISSUED);
	}

	@Test
	void windowTimeFallsInsideWindow() {
		RenewalWindow window = new RenewalWindow(ISSUED, ISSUED.plus(Duration.ofDays(2)), ISSUED, null);
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < 1_000; i++) {
			Instant chosen = RenewalTiming.withinWindow(window, random);
			assertThat(chosen).isBetween(window.start(), window.end().minusMillis(1));
		}
	}

	@Test
	void windowTimesSpreadAcrossWindow() {
		RenewalWindow window = new RenewalWindow(ISSUED, ISSUED.plus(Duration.ofHours(10)), ISSUED, null);
		SplittableRandom random = new SplittableRandom(7);
		long firstHalf = 0;
		for (int i = 0; i < 1_000; i++) {
			if (RenewalTiming.withinWindow(window, random).isBefore(ISSUED.plus(Duration.ofHours(5)))) {
				firstHalf++;
			}
		}
		assertThat(firstHalf).isBetween(400L, 600L);
	}

	@Test
	void malformedWindowIsInvalid() {
		RenewalWindow window = new RenewalWindow(ISSUED, ISSUED.minusSeconds(1), ISSUED, null);
		assertThat(window.isValid()).isFalse();
	}

}

package dev.acmeboot.autoconfigure.maintenance;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RetrySchedule}.
 */
class RetryScheduleTests {

	private static final RandomGenerator NO_JITTER = new FixedRandom(0.0);

	private static final RandomGenerator MAX_JITTER = new FixedRandom(0.999999);

	private final RetrySchedule schedule = new RetrySchedule(RetrySchedule.DEFAULT_DELAYS);

	@Test
	void defaultScheduleFollowsRecommendation() {
		assertThat(this.schedule.delayAfter(1, NO_JITTER)).isEqualTo(Duration.ofMinutes(1));
		assertThat(this.schedule.delayAfter(2, NO_JITTER)).isEqualTo(Duration.ofMinutes(10));
		assertThat(this.schedule.delayAfter(3, NO_JITTER)).isEqualTo(Duration.ofMinutes(100));
		assertThat(this.schedule.delayAfter(4, NO_JITTER)).isEqualTo(Duration.ofDays(1));
	}

	@Test
	void lastDelayRepeats() {
		assertThat(this.schedule.delayAfter(5, NO_JITTER)).isEqualTo(Duration.ofDays(1));
		assertThat(this.schedule.delayAfter(500, NO_JITTER)).isEqualTo(Duration.ofDays(1));
	}

	@Test
	void jitterAddsAtMostTenPercent() {
		Duration delay = this.schedule.delayAfter(2, MAX_JITTER);
		assertThat(delay).isGreaterThan(Duration.ofMinutes(10));
		assertThat(delay).isLessThanOrEqualTo(Duration.ofMinutes(11));
	}

	@Test
	void zeroFailuresCountAsFirst() {
		assertThat(this.schedule.delayAfter(0, NO_JITTER)).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void customDelaysAreUsed() {
		RetrySchedule custom = new RetrySchedule(List.of(Duration.ofSeconds(2), Duration.ofSeconds(3)));
		assertThat(custom.delayAfter(1, NO_JITTER)).isEqualTo(Duration.ofSeconds(2));
		assertThat(custom.delayAfter(2, NO_JITTER)).isEqualTo(Duration.ofSeconds(3));
		assertThat(custom.delayAfter(3, NO_JITTER)).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void emptyOrNonPositiveDelaysAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RetrySchedule(List.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> new RetrySchedule(List.of(Duration.ZERO)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetrySchedule(List.of(Duration.ofSeconds(1), Duration.ofSeconds(-1))));
	}

	private record FixedRandom(double value) implements RandomGenerator {

		@Override
		public long nextLong() {
			return 0;
		}

		@Override
		public double nextDouble() {
			return this.value;
		}

	}

}

package dev.acmeboot.autoconfigure.issuance;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;

import dev.acmeboot.autoconfigure.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link StatusPoller}.
 */
class StatusPollerTests {

	private static final Set<Status> FINAL = Set.of(Status.VALID, Status.INVALID);

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));

	private final RecordingSleeper sleeper = new RecordingSleeper(this.clock);

	private final StatusPoller poller = new StatusPoller(this.clock, this.sleeper);

	@Test
	void waitForSkipsPollingFinalStatus() throws Exception {
		FakeResource resource = new FakeResource(Status.VALID);
		assertThat(this.poller.waitFor(resource, FINAL, TIMEOUT, "order")).isEqualTo(Status.VALID);
		assertThat(this.sleeper.sleeps).isEmpty();
		assertThat(resource.fetches).isZero();
	}

	@Test
	void waitForReturnsFinalStatusAfterFetches() throws Exception {
		FakeResource resource = new FakeResource(Status.PENDING).then(Status.PROCESSING, Status.VALID);
		assertThat(this.poller.waitFor(resource, FINAL, TIMEOUT, "order")).isEqualTo(Status.VALID);
		assertThat(resource.fetches).isEqualTo(2);
	}

	@Test
	void waitForReturnsInvalidStatus() throws Exception {
		FakeResource resource = new FakeResource(Status.PENDING).then(Status.INVALID);
		assertThat(this.poller.waitFor(resource, FINAL, TIMEOUT, "challenge")).isEqualTo(Status.INVALID);
	}

	@Test
	void waitForStopsAtGivenStatus() throws Exception {
		FakeResource resource = new FakeResource(Status.PENDING).then(Status.READY, Status.VALID);
		assertThat(this.poller.waitFor(resource, Set.of(Status.READY), TIMEOUT, "order")).isEqualTo(Status.READY);
		assertThat(resource.fetches).isEqualTo(1);
	}

	@Test
	void waitForStartsAt50MillisAndDoubles() throws Exception {
		FakeResource resource = new FakeResource(Status.PENDING).thenPending(5).then(Status.VALID);
		this.poller.waitFor(resource, FINAL, TIMEOUT, "order");
		assertThat(this.sleeper.sleeps).containsExactly(50L, 100L, 200L, 400L, 800L, 1600L);
	}

	@Test
	void waitForLimitsIntervalTo5Seconds() throws Exception {
		FakeResource resource = new FakeResource(Status.PENDING).thenPending(10).then(Status.VALID);
		this.poller.waitFor(resource, FINAL, TIMEOUT, "order");
		assertThat(this.sleeper.sleeps).containsExactly(50L, 100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L,
				5000L);
	}

	@Test
	void waitForHonoursLaterRetryAfter() throws Exception {
		FakeResource resource = new FakeResource(Status.PENDING).then(Status.PENDING, Status.VALID);
		resource.retryAfter(this.clock.instant().plusMillis(50).plusSeconds(3));
		this.poller.waitFor(resource, FINAL, TIMEOUT, "order");
		assertThat(this.sleeper.sleeps).containsExactly(50L, 3000L);
	}

	@Test
	void waitForHonoursLongRetryAfter() throws Exception {
		FakeResource resource = new FakeResource(Status.PENDING).then(Status.PENDING, Status.VALID);
		resource.retryAfter(this.clock.instant().plusMillis(50).plusSeconds(30));
		this.poller.waitFor(resource, FINAL, TIMEOUT, "order");
		assertThat(this.sleeper.sleeps).containsExactly(50L, 30000L);
	}

	@Test
	void waitForIgnoresEarlierRetryAfter() throws Exception {
		FakeResource resource = new FakeResource(Status.PENDING).then(Status.PENDING, Status.VALID);
		resource.retryAfter(this.clock.instant().plusMillis(60));
		this.poller.waitFor(resource, FINAL, TIMEOUT, "order");
		assertThat(this.sleeper.sleeps).containsExactly(50L, 100L);
	}

	@Test
	void waitForKeepsDoublingAfterRetryAfter() throws Exception {
		FakeResource resource = new FakeResource(Status.PENDING).then(Status.PENDING, Status.PENDING, Status.VALID);
		resource.retryAfter(this.clock.instant().plusMillis(50).plusSeconds(2));
		this.poller.waitFor(resource, FINAL, TIMEOUT, "order");
		assertThat(this.sleeper.sleeps).containsExactly(50L, 2000L, 200L);
	}

	@Test
	void waitForTimesOutNamingResource() {
		FakeResource resource = new FakeResource(Status.PENDING).thenPending(1000);
		assertThatExceptionOfType(IssuanceException.class)
			.isThrownBy(() -> this.poller.waitFor(resource, FINAL, Duration.ofSeconds(10),
					"the authorization for app.example.com"))
			.withMessageContaining("the authorization for app.example.com")
			.withMessageContaining("pending");
	}

	@Test
	void waitForNeverSleepsPastTimeout() {
		FakeResource resource = new FakeResource(Status.PENDING).thenPending(1000);
		Duration timeout = Duration.ofSeconds(10);
		assertThatExceptionOfType(IssuanceException.class)
			.isThrownBy(() -> this.poller.waitFor(resource, FINAL, timeout, "order"));
		assertThat(this.sleeper.sleeps.stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(timeout.toMillis());
	}

	@Test
	void waitForTimesOutOnDistantRetryAfter() {
		FakeResource resource = new FakeResource(Status.PENDING).thenPending(1000);
		resource.retryAfter(this.clock.instant().plus(Duration.ofHours(1)));
		assertThatExceptionOfType(IssuanceException.class)
			.isThrownBy(() -> this.poller.waitFor(resource, FINAL, Duration.ofSeconds(30), "order"));
		assertThat(this.sleeper.sleeps).containsExactly(50L);
	}

	@Test
	void waitForPropagatesFetchFailure() {
		FakeResource resource = new FakeResource(Status.PENDING);
		resource.failure = new AcmeNetworkException(new IOException("connection reset"));
		assertThatExceptionOfType(AcmeNetworkException.class)
			.isThrownBy(() -> this.poller.waitFor(resource, FINAL, TIMEOUT, "order"));
	}

	@Test
	void waitForPropagatesInterruption() {
		FakeResource resource = new FakeResource(Status.PENDING).thenPending(10);
		StatusPoller poller = new StatusPoller(this.clock, (millis) -> {
			throw new InterruptedException();
		});
		assertThatExceptionOfType(InterruptedException.class)
			.isThrownBy(() -> poller.waitFor(resource, FINAL, TIMEOUT, "order"));
		assertThat(resource.fetches).isZero();
	}

	/**
	 * Sleeper that records each wait and advances the clock instead of sleeping.
	 */
	static final class RecordingSleeper implements StatusPoller.Sleeper {

		private final MutableClock clock;

		private final List<Long> sleeps = new ArrayList<>();

		RecordingSleeper(MutableClock clock) {
			this.clock = clock;
		}

		@Override
		public void sleep(long millis) {
			this.sleeps.add(millis);
			this.clock.advance(Duration.ofMillis(millis));
		}

	}

	/**
	 * Resource whose status changes to the next scripted value on each fetch.
	 */
	static final class FakeResource implements PollableResource {

		private final Deque<Status> next = new ArrayDeque<>();

		private Status status;

		private Optional<Instant> retryAfter = Optional.empty();

		private AcmeException failure;

		private int fetches;

		FakeResource(Status status) {
			this.status = status;
		}

		FakeResource then(Status... statuses) {
			this.next.addAll(List.of(statuses));
			return this;
		}

		FakeResource thenPending(int count) {
			for (int i = 0; i < count; i++) {
				this.next.add(Status.PENDING);
			}
			return this;
		}

		/**
		 * Sets the Retry-After that the next fetch returns, once.
		 */
		void retryAfter(Instant instant) {
			this.retryAfter = Optional.of(instant);
		}

		@Override
		public Status getStatus() {
			return this.status;
		}

		@Override
		public Optional<Instant> fetch() throws AcmeException {
			this.fetches++;
			if (this.failure != null) {
				throw this.failure;
			}
			if (!this.next.isEmpty()) {
				this.status = this.next.poll();
			}
			Optional<Instant> result = this.retryAfter;
			this.retryAfter = Optional.empty();
			return result;
		}

	}

}

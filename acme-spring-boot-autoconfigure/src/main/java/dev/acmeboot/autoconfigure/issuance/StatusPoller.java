package dev.acmeboot.autoconfigure.issuance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Polls an ACME resource until its status is final. The first polls come quickly, since
 * CAs often validate within milliseconds, and the interval then doubles up to a maximum.
 * A Retry-After sent by the CA is always honoured.
 *
 * @author ACME Spring Boot contributors
 */
public class StatusPoller {

	/**
	 * Wait before the first poll.
	 */
	static final Duration FIRST_INTERVAL = Duration.ofMillis(50);

	/**
	 * Longest wait between two polls when the CA sends no Retry-After.
	 */
	static final Duration MAX_INTERVAL = Duration.ofSeconds(5);

	private final Clock clock;

	private final Sleeper sleeper;

	/**
	 * Creates a poller that sleeps on the calling thread.
	 * @param clock the clock that measures the timeout
	 */
	public StatusPoller(Clock clock) {
		this(clock, Thread::sleep);
	}

	StatusPoller(Clock clock, Sleeper sleeper) {
		this.clock = clock;
		this.sleeper = sleeper;
	}

	/**
	 * Polls the resource until its status is one of the given ones.
	 * @param resource the order, authorization or challenge to poll
	 * @param finalStatuses the statuses that end polling
	 * @param timeout how long to poll before giving up
	 * @param description what is polled, for the timeout message
	 * @return the final status
	 * @throws AcmeException if a request fails
	 * @throws InterruptedException if the thread is interrupted while waiting
	 * @throws IssuanceException if the timeout passes first
	 */
	public Status waitFor(PollableResource resource, Set<Status> finalStatuses, Duration timeout, String description)
			throws AcmeException, InterruptedException {
		Instant deadline = this.clock.instant().plus(timeout);
		Duration interval = FIRST_INTERVAL;
		Optional<Instant> retryAfter = Optional.empty();
		while (!finalStatuses.contains(resource.getStatus())) {
			Instant now = this.clock.instant();
			Duration wait = interval;
			if (retryAfter.isPresent() && retryAfter.get().isAfter(now.plus(wait))) {
				wait = Duration.between(now, retryAfter.get());
			}
			if (now.plus(wait).isAfter(deadline)) {
				throw new IssuanceException(description + " is still " + resource.getStatus().name().toLowerCase()
						+ " after " + timeout.toSeconds() + " s");
			}
			this.sleeper.sleep(wait.toMillis());
			retryAfter = resource.fetch();
			interval = min(interval.multipliedBy(2), MAX_INTERVAL);
		}
		return resource.getStatus();
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	/**
	 * Waits for a number of milliseconds.
	 */
	@FunctionalInterface
	interface Sleeper {

		void sleep(long millis) throws InterruptedException;

	}

}

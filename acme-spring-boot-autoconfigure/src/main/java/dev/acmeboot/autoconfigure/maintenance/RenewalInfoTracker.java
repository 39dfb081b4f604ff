package dev.acmeboot.autoconfigure.maintenance;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.exception.AcmeException;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.issuance.AcmeClient;
import dev.acmeboot.autoconfigure.issuance.RenewalWindow;
import dev.acmeboot.autoconfigure.ssl.CertificateState;

/**
 * Follows the CA's ACME Renewal Information (RFC 9773) for the served certificate: it
 * fetches the suggested window no more often than the CA's Retry-After allows, picks a
 * random time inside each new window, and ignores malformed windows so that the lifetime
 * rule applies instead. Used by the maintenance thread only.
 *
 * @author ACME Spring Boot contributors
 */
class RenewalInfoTracker {

	private static final Log logger = LogFactory.getLog(RenewalInfoTracker.class);

	private final AcmeClient client;

	private final CertificateState state;

	private final Clock clock;

	private final RandomGenerator random;

	private final boolean enabled;

	private @Nullable Boolean supported;

	private @Nullable Tracked tracked;

	RenewalInfoTracker(AcmeClient client, CertificateState state, Clock clock, RandomGenerator random,
			boolean enabled) {
		this.client = client;
		this.state = state;
		this.clock = clock;
		this.random = random;
		this.enabled = enabled;
	}

	/**
	 * Returns the renewal time the CA's window gives for the certificate, fetching the
	 * window when the last one is stale.
	 * @param bundle the served certificate
	 * @return the chosen time inside the window, or empty when the CA offers no renewal
	 * information, the window is malformed, or it cannot be fetched
	 */
	Optional<Instant> renewalTime(CertificateBundle bundle) {
		if (!isSupported()) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		Tracked current = this.tracked;
		if (current == null || !current.serial().equals(bundle.serialNumber()) || !now.isBefore(current.fetchAgainAfter())) {
			current = fetch(bundle, current, now);
		}
		return (current != null) ? Optional.ofNullable(current.renewAt()) : Optional.empty();
	}

	/**
	 * Returns whether the CA offers renewal information and its use is enabled.
	 * @return whether renewal information is used
	 */
	boolean isSupported() {
		if (!this.enabled) {
			return false;
		}
		if (this.supported == null) {
			try {
				this.supported = this.client.supportsRenewalInfo();
			}
			catch (AcmeException | RuntimeException ex) {
				logger.debug("Unable to read the CA's directory to look for renewal information", ex);
				return false;
			}
		}
		return this.supported;
	}

	/**
	 * Returns when the window must be fetched again.
	 * @return the time, or empty when no window is tracked
	 */
	Optional<Instant> nextFetch() {
		Tracked current = this.tracked;
		return (current != null) ? Optional.of(current.fetchAgainAfter()) : Optional.empty();
	}

	/**
	 * Forgets the tracked window, for when the served certificate changed.
	 */
	void forget() {
		this.tracked = null;
		this.state.setRenewalWindow(null);
	}

	private @Nullable Tracked fetch(CertificateBundle bundle, @Nullable Tracked previous, Instant now) {
		Optional<RenewalWindow> fetched;
		try {
			fetched = this.client.fetchRenewalWindow(bundle.leaf());
		}
		catch (AcmeException | RuntimeException ex) {
			logger.debug("Unable to fetch renewal information for serial " + bundle.serialNumber(), ex);
			return (previous != null && previous.serial().equals(bundle.serialNumber())) ? previous : null;
		}
		if (fetched.isEmpty()) {
			this.supported = false;
			return null;
		}
		RenewalWindow window = fetched.get();
		this.state.setRenewalWindow(window);
		Instant renewAt = null;
		if (!window.isValid()) {
			logger.warn("Ignoring the CA's renewal window for serial " + bundle.serialNumber() + " because it ends ("
					+ window.end() + ") before it starts (" + window.start() + "); using the lifetime rule");
		}
		else if (previous != null && previous.serial().equals(bundle.serialNumber()) && previous.renewAt() != null
				&& window.start().equals(previous.start()) && window.end().equals(previous.end())) {
			renewAt = previous.renewAt();
		}
		else {
			renewAt = RenewalTiming.withinWindow(window, this.random);
			logger.info("The CA suggests renewing the certificate for " + this.state.getCertificate().domains()
					+ " between " + window.start() + " and " + window.end() + "; renewal planned at " + renewAt
					+ ((window.explanation() != null) ? " (explanation: " + window.explanation() + ")" : ""));
		}
		Tracked current = new Tracked(bundle.serialNumber(), window.start(), window.end(), renewAt,
				window.fetchAgainAfter());
		this.tracked = current;
		return current;
	}

	/**
	 * The window tracked for one certificate.
	 */
	private record Tracked(String serial, Instant start, Instant end, @Nullable Instant renewAt,
			Instant fetchAgainAfter) {

	}

}

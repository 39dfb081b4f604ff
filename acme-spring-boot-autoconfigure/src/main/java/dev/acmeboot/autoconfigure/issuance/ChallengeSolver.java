package dev.acmeboot.autoconfigure.issuance;

import java.util.List;

import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Proves control of a name to the CA for one challenge type: it makes the response
 * available before the challenge is triggered and removes it once the authorization is
 * final.
 *
 * @author ACME Spring Boot contributors
 */
public interface ChallengeSolver {

	/**
	 * Returns the challenge type this solver responds to, such as {@code http-01}.
	 * @return the RFC 8555 challenge type
	 */
	String getChallengeType();

	/**
	 * Makes the response to the challenge available to the CA.
	 * @param authorization the authorization the challenge belongs to
	 * @param challenge the challenge of this solver's type
	 * @throws AcmeException if the response cannot be made available
	 */
	void prepare(Authorization authorization, Challenge challenge) throws AcmeException;

	/**
	 * Waits until the CA can see every response that {@link #prepare} made available for
	 * one order. It is called once per order, after {@code prepare} returned for each
	 * challenge and before any challenge is triggered. The default returns at once, which
	 * suits responses that are served as soon as {@code prepare} returns.
	 * @param challenges the prepared challenges of the order
	 * @throws AcmeException if the responses cannot be checked
	 * @throws InterruptedException if the thread is interrupted while waiting
	 * @throws IssuanceException if a response is still not visible when the solver stops
	 * waiting
	 */
	default void awaitReady(List<PreparedChallenge> challenges) throws AcmeException, InterruptedException {
	}

	/**
	 * Removes the response once the authorization is final, whatever its outcome, or once
	 * the order is abandoned before the challenge was triggered. A runtime exception is
	 * logged, and the responses of the other challenges are still removed.
	 * @param authorization the authorization the challenge belongs to
	 * @param challenge the challenge passed to {@link #prepare}
	 */
	void cleanUp(Authorization authorization, Challenge challenge);

	/**
	 * A challenge that {@link #prepare} made available, with its authorization.
	 *
	 * @param authorization the authorization the challenge belongs to
	 * @param challenge the challenge of the solver's type
	 */
	record PreparedChallenge(Authorization authorization, Challenge challenge) {

	}

}

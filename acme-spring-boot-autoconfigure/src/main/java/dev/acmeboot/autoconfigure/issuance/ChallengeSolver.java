package dev.acmeboot.autoconfigure.issuance;

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
	 * Returns the challenge type this solver answers, such as {@code http-01}.
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
	 * Removes the response once the authorization is final, whatever its outcome.
	 * @param authorization the authorization the challenge belongs to
	 * @param challenge the challenge passed to {@link #prepare}
	 */
	void cleanUp(Authorization authorization, Challenge challenge);

}

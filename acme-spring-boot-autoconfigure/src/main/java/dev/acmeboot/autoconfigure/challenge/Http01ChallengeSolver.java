package dev.acmeboot.autoconfigure.challenge;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;

import dev.acmeboot.autoconfigure.issuance.ChallengeSolver;

/**
 * Responds to HTTP-01 challenges (RFC 8555 section 8.3) from the plain-HTTP connector.
 *
 * @author ACME Spring Boot contributors
 */
public class Http01ChallengeSolver implements ChallengeSolver {

	private static final Log logger = LogFactory.getLog(Http01ChallengeSolver.class);

	private final Http01TokenStore tokens;

	/**
	 * Creates a solver that offers tokens through the given store.
	 * @param tokens the store the challenge valve serves tokens from
	 */
	public Http01ChallengeSolver(Http01TokenStore tokens) {
		this.tokens = tokens;
	}

	@Override
	public String getChallengeType() {
		return Http01Challenge.TYPE;
	}

	@Override
	public void prepare(Authorization authorization, Challenge challenge) {
		Http01Challenge http01 = (Http01Challenge) challenge;
		this.tokens.put(http01.getToken(), http01.getAuthorization());
		logger.debug("Serving HTTP-01 token for '" + authorization.getIdentifier().getDomain() + "'");
	}

	@Override
	public void cleanUp(Authorization authorization, Challenge challenge) {
		this.tokens.remove(((Http01Challenge) challenge).getToken());
	}

}

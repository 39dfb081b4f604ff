package dev.acmeboot.autoconfigure.challenge.dns;

import java.io.IOException;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Dns01Challenge;

import dev.acmeboot.autoconfigure.issuance.ChallengeSolver;
import dev.acmeboot.autoconfigure.issuance.IssuanceException;

/**
 * Answers DNS-01 challenges (RFC 8555 section 8.4) with TXT records that a
 * {@link DnsProvider} creates. The issuance flow prepares every challenge of an order
 * before it triggers any, so the two records that a wildcard and its base name share
 * exist at the same time.
 *
 * @author ACME Spring Boot contributors
 */
class DnsChallengeSolver implements ChallengeSolver {

	private static final Log logger = LogFactory.getLog(DnsChallengeSolver.class);

	private final DnsProvider provider;

	private final PropagationCheck propagation;

	/**
	 * Creates a solver.
	 * @param provider creates and deletes the records
	 * @param propagation waits until the records are visible to the CA
	 */
	DnsChallengeSolver(DnsProvider provider, PropagationCheck propagation) {
		this.provider = provider;
		this.propagation = propagation;
	}

	@Override
	public String getChallengeType() {
		return Dns01Challenge.TYPE;
	}

	@Override
	public void prepare(Authorization authorization, Challenge challenge) {
		TxtRecord record = recordFor(authorization, challenge);
		try {
			this.provider.createTxtRecord(record.name(), record.value());
		}
		catch (IOException | RuntimeException ex) {
			deleteAfterFailedCreate(record);
			throw new IssuanceException("Unable to create the TXT record " + record + " for '"
					+ describe(authorization) + "': " + ex.getMessage(), ex);
		}
		logger.info("Created TXT record " + record + " for '" + describe(authorization) + "'");
	}

	@Override
	public void awaitReady(List<PreparedChallenge> challenges) throws InterruptedException {
		this.propagation.await(challenges.stream()
			.map((prepared) -> recordFor(prepared.authorization(), prepared.challenge()))
			.toList());
	}

	@Override
	public void cleanUp(Authorization authorization, Challenge challenge) {
		TxtRecord record = recordFor(authorization, challenge);
		if (delete(record)) {
			logger.debug("Deleted TXT record " + record);
		}
	}

	private boolean delete(TxtRecord record) {
		try {
			this.provider.deleteTxtRecord(record.name(), record.value());
			return true;
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Unable to delete the TXT record " + record + ": " + ex.getMessage()
					+ ". It has no further use and can be deleted by hand.", ex);
			return false;
		}
	}

	/**
	 * Deletes a record whose creation failed, because it may exist anyway, for example
	 * when the provider timed out after the server applied the change. A failure here
	 * usually repeats the creation failure, so it is only logged at debug level.
	 */
	private void deleteAfterFailedCreate(TxtRecord record) {
		try {
			this.provider.deleteTxtRecord(record.name(), record.value());
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Unable to delete the TXT record " + record + " after its creation failed", ex);
		}
	}

	static TxtRecord recordFor(Authorization authorization, Challenge challenge) {
		Dns01Challenge dns01 = (Dns01Challenge) challenge;
		return new TxtRecord(dns01.getRRName(authorization.getIdentifier()), dns01.getDigest());
	}

	private static String describe(Authorization authorization) {
		String domain = authorization.getIdentifier().getDomain();
		return authorization.isWildcard() ? "*." + domain : domain;
	}

}

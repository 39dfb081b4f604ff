package dev.acmeboot.autoconfigure.integration;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.exception.AcmeException;

import org.springframework.context.annotation.Bean;

import dev.acmeboot.autoconfigure.challenge.Http01ChallengeSolver;
import dev.acmeboot.autoconfigure.challenge.Http01TokenStore;
import dev.acmeboot.autoconfigure.issuance.ChallengeSolver;

/**
 * The real HTTP-01 solver behind a gate that the test opens, so a test can look at the
 * application before any challenge is answered.
 */
final class GatedSolver implements ChallengeSolver {

	static volatile CountDownLatch gate = new CountDownLatch(0);

	private final Http01ChallengeSolver delegate;

	private GatedSolver(Http01ChallengeSolver delegate) {
		this.delegate = delegate;
	}

	@Override
	public String getChallengeType() {
		return this.delegate.getChallengeType();
	}

	@Override
	public void prepare(Authorization authorization, Challenge challenge) throws AcmeException {
		try {
			if (!gate.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The test never opened the gate");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		this.delegate.prepare(authorization, challenge);
	}

	@Override
	public void cleanUp(Authorization authorization, Challenge challenge) {
		this.delegate.cleanUp(authorization, challenge);
	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class Configuration {

		@Bean
		ChallengeSolver gatedChallengeSolver(Http01TokenStore tokens) {
			return new GatedSolver(new Http01ChallengeSolver(tokens));
		}

	}

}

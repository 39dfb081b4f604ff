package dev.acmeboot.autoconfigure.issuance;

import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.exception.AcmeException;

import dev.acmeboot.autoconfigure.certificate.KeyType;
import dev.acmeboot.autoconfigure.certificate.ManagedCertificate;
import dev.acmeboot.autoconfigure.issuance.ChallengeSolver.PreparedChallenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * Tests for the order in which {@link CertificateIssuer} prepares, awaits, triggers and
 * cleans up the challenges of one order. The authorizations end invalid, so each test
 * stops before finalization.
 */
class CertificateIssuerChallengeOrderTests {

	private static final String TYPE = "dns-01";

	private final ChallengeSolver solver = mock(ChallengeSolver.class);

	private final Order order = mock(Order.class);

	private final Authorization base = mock(Authorization.class);

	private final Authorization wildcard = mock(Authorization.class);

	private final Challenge baseChallenge = mock(Challenge.class);

	private final Challenge wildcardChallenge = mock(Challenge.class);

	private CertificateIssuer issuer;

	@BeforeEach
	void setUp() throws Exception {
		AcmeClient client = mock(AcmeClient.class);
		given(client.describeCa()).willReturn("the test CA");
		given(client.withAccount(any())).willReturn(this.order);
		given(this.order.getLocation()).willReturn(new URL("https://127.0.0.1:1/order/1"));
		given(this.order.getAuthorizations()).willReturn(List.of(this.base, this.wildcard));
		given(this.solver.getChallengeType()).willReturn(TYPE);
		stubAuthorization(this.base, this.baseChallenge);
		stubAuthorization(this.wildcard, this.wildcardChallenge);
		StatusPoller poller = new StatusPoller(Clock.systemUTC()) {

			@Override
			public Status waitFor(PollableResource resource, Set<Status> finalStatuses, Duration timeout,
					String description) {
				return Status.INVALID;
			}

		};
		this.issuer = new CertificateIssuer(client, this.solver, poller);
	}

	private void stubAuthorization(Authorization authorization, Challenge challenge) {
		given(authorization.getIdentifier()).willReturn(Identifier.dns("app.example.test"));
		given(authorization.getStatus()).willReturn(Status.PENDING, Status.INVALID);
		given(authorization.findChallenge(anyString())).willReturn(Optional.of(challenge));
		given(challenge.getType()).willReturn(TYPE);
		given(challenge.getError()).willReturn(Optional.empty());
	}

	@Test
	void preparesAllBeforeAwaitingAndTriggering() throws Exception {
		List<List<PreparedChallenge>> awaited = new ArrayList<>();
		willAnswer((invocation) -> awaited.add(invocation.getArgument(0)))
			.given(this.solver)
			.awaitReady(any());

		assertThatExceptionOfType(IssuanceException.class).isThrownBy(this::issue)
			.withMessageContaining("is invalid");

		InOrder steps = inOrder(this.solver, this.baseChallenge, this.wildcardChallenge);
		steps.verify(this.solver).prepare(this.base, this.baseChallenge);
		steps.verify(this.solver).prepare(this.wildcard, this.wildcardChallenge);
		steps.verify(this.solver).awaitReady(any());
		steps.verify(this.baseChallenge).trigger();
		steps.verify(this.wildcardChallenge).trigger();
		steps.verify(this.solver).cleanUp(this.base, this.baseChallenge);
		steps.verify(this.solver).cleanUp(this.wildcard, this.wildcardChallenge);
		assertThat(awaited).hasSize(1);
		assertThat(awaited.get(0)).containsExactly(new PreparedChallenge(this.base, this.baseChallenge),
				new PreparedChallenge(this.wildcard, this.wildcardChallenge));
	}

	@Test
	void failedAwaitCleansUpWithoutTriggering() throws Exception {
		willThrow(new IssuanceException("TXT record not visible")).given(this.solver).awaitReady(any());

		assertThatExceptionOfType(IssuanceException.class).isThrownBy(this::issue)
			.withMessageEndingWith("failed: TXT record not visible");

		verify(this.baseChallenge, never()).trigger();
		verify(this.wildcardChallenge, never()).trigger();
		verify(this.solver).cleanUp(this.base, this.baseChallenge);
		verify(this.solver).cleanUp(this.wildcard, this.wildcardChallenge);
	}

	@Test
	void failedPrepareCleansUpPreparedChallenges() throws Exception {
		willThrow(new IssuanceException("update refused")).given(this.solver)
			.prepare(this.wildcard, this.wildcardChallenge);

		assertThatExceptionOfType(IssuanceException.class).isThrownBy(this::issue)
			.withMessageEndingWith("failed: update refused");

		verify(this.solver, never()).awaitReady(any());
		verify(this.baseChallenge, never()).trigger();
		verify(this.solver).cleanUp(this.base, this.baseChallenge);
		verify(this.solver, never()).cleanUp(this.wildcard, this.wildcardChallenge);
	}

	@Test
	void failedCleanUpStillCleansUpOthers() throws Exception {
		willThrow(new IllegalStateException("server down")).given(this.solver)
			.cleanUp(this.base, this.baseChallenge);

		assertThatExceptionOfType(IssuanceException.class).isThrownBy(this::issue)
			.withMessageContaining("is invalid");

		verify(this.solver).cleanUp(this.wildcard, this.wildcardChallenge);
	}

	private void issue() throws AcmeException, InterruptedException {
		this.issuer.issue(ManagedCertificate.of(List.of("app.example.test", "*.app.example.test"), KeyType.EC_P256),
				null);
	}

}

package dev.acmeboot.autoconfigure.challenge.dns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.challenge.Dns01Challenge;

import dev.acmeboot.autoconfigure.issuance.ChallengeSolver.PreparedChallenge;
import dev.acmeboot.autoconfigure.issuance.IssuanceException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link DnsChallengeSolver} and how it handles the TXT records that a
 * wildcard and its base name share.
 */
class DnsChallengeSolverTests {

	private static final String RECORD_NAME = "_acme-challenge.app.example.test.";

	private final RecordSetProvider provider = new RecordSetProvider();

	private final List<List<TxtRecord>> awaited = new ArrayList<>();

	private final DnsChallengeSolver solver = new DnsChallengeSolver(this.provider, (records) -> {
		this.awaited.add(records);
		this.provider.snapshots.add(this.provider.copyRecords());
	});

	@Test
	void challengeTypeIsDns01() {
		assertThat(this.solver.getChallengeType()).isEqualTo("dns-01");
	}

	@Test
	void wildcardAndBaseShareOneNameWithBothValues() throws Exception {
		PreparedChallenge base = challenge(false, "base-digest");
		PreparedChallenge wildcard = challenge(true, "wildcard-digest");

		this.solver.prepare(base.authorization(), base.challenge());
		this.solver.prepare(wildcard.authorization(), wildcard.challenge());
		this.solver.awaitReady(List.of(base, wildcard));

		assertThat(this.awaited).containsExactly(List.of(new TxtRecord(RECORD_NAME, "base-digest"),
				new TxtRecord(RECORD_NAME, "wildcard-digest")));
		assertThat(this.provider.snapshots).hasSize(1);
		assertThat(this.provider.snapshots.get(0)).containsOnlyKeys(RECORD_NAME);
		assertThat(this.provider.snapshots.get(0).get(RECORD_NAME)).containsExactly("base-digest",
				"wildcard-digest");
	}

	@Test
	void cleanUpDeletesOnlyItsOwnValue() throws Exception {
		PreparedChallenge base = challenge(false, "base-digest");
		PreparedChallenge wildcard = challenge(true, "wildcard-digest");
		this.solver.prepare(base.authorization(), base.challenge());
		this.solver.prepare(wildcard.authorization(), wildcard.challenge());

		this.solver.cleanUp(base.authorization(), base.challenge());

		assertThat(this.provider.records.get(RECORD_NAME)).containsExactly("wildcard-digest");

		this.solver.cleanUp(wildcard.authorization(), wildcard.challenge());

		assertThat(this.provider.records).doesNotContainKey(RECORD_NAME);
		assertThat(this.provider.deletes).containsExactly(RECORD_NAME + " base-digest",
				RECORD_NAME + " wildcard-digest");
	}

	@Test
	void failedCreateDeletesRecordAndNamesIt() {
		PreparedChallenge base = challenge(false, "base-digest");
		this.provider.failCreate = true;

		assertThatExceptionOfType(IssuanceException.class)
			.isThrownBy(() -> this.solver.prepare(base.authorization(), base.challenge()))
			.withMessageContaining("'" + RECORD_NAME + "' with value 'base-digest'")
			.withMessageContaining("'app.example.test'")
			.withMessageContaining("created but the server timed out");
		assertThat(this.provider.deletes).containsExactly(RECORD_NAME + " base-digest");
		assertThat(this.provider.records).doesNotContainKey(RECORD_NAME);
	}

	@Test
	void failedCreateOfWildcardNamesWildcard() {
		PreparedChallenge wildcard = challenge(true, "wildcard-digest");
		this.provider.failCreate = true;

		assertThatExceptionOfType(IssuanceException.class)
			.isThrownBy(() -> this.solver.prepare(wildcard.authorization(), wildcard.challenge()))
			.withMessageContaining("'*.app.example.test'");
	}

	@Test
	void failedDeleteIsNotThrown() throws Exception {
		PreparedChallenge base = challenge(false, "base-digest");
		this.solver.prepare(base.authorization(), base.challenge());
		this.provider.failDelete = true;

		this.solver.cleanUp(base.authorization(), base.challenge());

		assertThat(this.provider.records.get(RECORD_NAME)).containsExactly("base-digest");
	}

	private static PreparedChallenge challenge(boolean wildcard, String digest) {
		Identifier identifier = Identifier.dns("app.example.test");
		Authorization authorization = mock(Authorization.class);
		given(authorization.getIdentifier()).willReturn(identifier);
		given(authorization.isWildcard()).willReturn(wildcard);
		Dns01Challenge challenge = mock(Dns01Challenge.class);
		given(challenge.getRRName(any(Identifier.class))).willReturn(RECORD_NAME);
		given(challenge.getDigest()).willReturn(digest);
		return new PreparedChallenge(authorization, challenge);
	}

	/**
	 * Keeps TXT records as a DNS zone does: a set of values per name.
	 */
	private static final class RecordSetProvider implements DnsProvider {

		private final Map<String, List<String>> records = new LinkedHashMap<>();

		private final List<Map<String, List<String>>> snapshots = new ArrayList<>();

		private final List<String> deletes = new ArrayList<>();

		private boolean failCreate;

		private boolean failDelete;

		Map<String, List<String>> copyRecords() {
			Map<String, List<String>> copy = new LinkedHashMap<>();
			this.records.forEach((name, values) -> copy.put(name, List.copyOf(values)));
			return copy;
		}

		@Override
		public void createTxtRecord(String name, String value) throws IOException {
			this.records.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
			if (this.failCreate) {
				throw new IOException("created but the server timed out");
			}
		}

		@Override
		public void deleteTxtRecord(String name, String value) throws IOException {
			if (this.failDelete) {
				throw new IOException("server unreachable");
			}
			this.deletes.add(name + " " + value);
			List<String> values = this.records.getOrDefault(name, new ArrayList<>());
			values.remove(value);
			if (values.isEmpty()) {
				this.records.remove(name);
			}
		}

	}

}

package dev.acmeboot.autoconfigure.maintenance;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.certificate.KeyType;
import dev.acmeboot.autoconfigure.certificate.ManagedCertificate;
import dev.acmeboot.autoconfigure.certificate.SelfSignedCertificateFactory;
import dev.acmeboot.autoconfigure.issuance.AccountManager;
import dev.acmeboot.autoconfigure.issuance.AcmeClient;
import dev.acmeboot.autoconfigure.issuance.AcmeSessionFactory;
import dev.acmeboot.autoconfigure.maintenance.CertificateMaintainer.MaintenanceSettings;
import dev.acmeboot.autoconfigure.maintenance.RenewalPlanner.RenewalDecision;
import dev.acmeboot.autoconfigure.ssl.CertificateState;
import dev.acmeboot.autoconfigure.storage.FileCertificateStore;
import dev.acmeboot.autoconfigure.storage.RenewalRecord;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RenewalPlanner}, with a fixed clock and without renewal information.
 */
class RenewalPlannerTests {

	private static final Instant ISSUED = Instant.parse("2026-12-01T00:00:00Z");

	private static final Duration CHECK_INTERVAL = Duration.ofHours(1);

	@TempDir
	Path storage;

	private final CertificateState state = new CertificateState(
			ManagedCertificate.of(List.of("app.example.test"), KeyType.EC_P256));

	/**
	 * Issued at {@link #ISSUED} minus the factory's one-hour backdating, for 30 days.
	 */
	private final CertificateBundle served = new SelfSignedCertificateFactory(Clock.fixed(ISSUED, ZoneOffset.UTC))
		.create(List.of("app.example.test"));

	@Test
	void placeholderIsDueAtOnce() {
		this.state.served(this.served, true);
		RenewalDecision decision = planner().decide(ISSUED);
		assertThat(decision.due()).isTrue();
		assertThat(decision.reason()).contains("no certificate from the CA");
		assertThat(this.state.getNextRenewal()).contains(ISSUED);
	}

	@Test
	void freshCertificateIsDueAfterTwoThirds() {
		this.state.served(this.served, false);
		Instant renewAt = RenewalTiming.byLifetime(this.served.notBefore(), this.served.notAfter());
		RenewalDecision decision = planner().decide(ISSUED.plus(Duration.ofDays(1)));
		assertThat(decision.due()).isFalse();
		assertThat(decision.renewAt()).isEqualTo(renewAt);
		assertThat(this.state.getNextRenewal()).contains(renewAt);
	}

	@Test
	void certificatePastTwoThirdsIsDue() {
		this.state.served(this.served, false);
		Instant renewAt = RenewalTiming.byLifetime(this.served.notBefore(), this.served.notAfter());
		RenewalDecision decision = planner().decide(renewAt.plusSeconds(1));
		assertThat(decision.due()).isTrue();
		assertThat(decision.reason()).contains("lifetime");
	}

	@Test
	void expiredCertificateIsDue() {
		this.state.served(this.served, false);
		RenewalDecision decision = planner().decide(this.served.notAfter());
		assertThat(decision.due()).isTrue();
		assertThat(decision.reason()).contains("expired");
	}

	@Test
	void changedNamesAreDue() {
		CertificateState renamed = new CertificateState(
				ManagedCertificate.of(List.of("app.example.test", "www.app.example.test"), KeyType.EC_P256));
		renamed.served(this.served, false);
		RenewalDecision decision = planner(renamed).decide(ISSUED.plus(Duration.ofDays(1)));
		assertThat(decision.due()).isTrue();
		assertThat(decision.reason()).contains("www.app.example.test");
	}

	@Test
	void nextCheckWaitsOneIntervalWhenRenewalIsFar() {
		Duration delay = planner().nextCheckDelay(ISSUED.plus(Duration.ofDays(20)), ISSUED);
		assertThat(delay).isEqualTo(CHECK_INTERVAL);
	}

	@Test
	void nextCheckComesAtRenewalTimeWhenSooner() {
		Duration delay = planner().nextCheckDelay(ISSUED.plus(Duration.ofMinutes(5)), ISSUED);
		assertThat(delay).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void nextCheckIsNeverNegative() {
		assertThat(planner().nextCheckDelay(ISSUED.minusSeconds(30), ISSUED)).isEqualTo(Duration.ZERO);
	}

	@Test
	void nothingIsReplacedWithoutRenewalInformation() {
		this.state.served(this.served, false);
		assertThat(planner().chooseReplaces(RenewalRecord.EMPTY, ISSUED)).isNull();
	}

	private RenewalPlanner planner() {
		return planner(this.state);
	}

	private RenewalPlanner planner(CertificateState certificateState) {
		Clock clock = Clock.fixed(ISSUED, ZoneOffset.UTC);
		MaintenanceSettings settings = new MaintenanceSettings(CHECK_INTERVAL,
				new RetrySchedule(RetrySchedule.DEFAULT_DELAYS), false, clock, new NoJitter());
		// The client is never called: renewal information is switched off.
		AcmeClient client = new AcmeClient(new AcmeSessionFactory(URI.create("https://127.0.0.1:1/dir"), null),
				new AccountManager(new FileCertificateStore(this.storage, clock), "unused", null), false, clock);
		return new RenewalPlanner(certificateState, client, settings);
	}

	private static final class NoJitter implements RandomGenerator {

		@Override
		public long nextLong() {
			return 0;
		}

		@Override
		public double nextDouble() {
			return 0;
		}

	}

}

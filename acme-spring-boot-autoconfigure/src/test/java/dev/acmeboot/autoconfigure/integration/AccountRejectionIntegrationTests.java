package dev.acmeboot.autoconfigure.integration;

import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.acmeboot.autoconfigure.issuance.AccountIds;
import dev.acmeboot.autoconfigure.issuance.AcmeSessionFactory;
import dev.acmeboot.autoconfigure.maintenance.CertificateManager;
import dev.acmeboot.autoconfigure.pebble.PebbleServer;
import dev.acmeboot.autoconfigure.ssl.CertificateState;
import dev.acmeboot.autoconfigure.storage.FileCertificateStore;
import dev.acmeboot.autoconfigure.storage.StoredAccount;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An account that the CA no longer accepts stops renewals with one clear log line, or
 * is replaced by a new account when that is configured.
 */
@ExtendWith(OutputCaptureExtension.class)
class AccountRejectionIntegrationTests {

	private static final String NAME = "app.example.test";

	@TempDir
	Path storage;

	@Test
	void deactivatedAccountStopsRenewals(CapturedOutput output) throws Exception {
		try (PebbleServer pebble = PebbleServer.start()) {
			AcmeApplicationRunner runner = new AcmeApplicationRunner(pebble, this.storage)
				.with("acme.renewal.retry-delays", "1s");
			try (ConfigurableApplicationContext context = runner.run()) {
				AcmeApplicationRunner.awaitIssuedChain(context, NAME);
				deactivateStoredAccount(pebble);
				long orders = pebble.countRequests("POST", "/order-plz");

				boolean renewed = context.getBean(CertificateManager.class).renew();

				assertThat(renewed).isFalse();
				CertificateState state = context.getBean(CertificateState.class);
				assertThat(state.isRenewalStopped()).isTrue();
				assertThat(state.getLastFailure()).hasValueSatisfying(
						(failure) -> assertThat(failure.nextAttempt()).isNull());
				Thread.sleep(3_000);
				assertThat(pebble.countRequests("POST", "/order-plz")).isEqualTo(orders + 1);
			}
			assertThat(output).contains("Renewals for [app.example.test] are stopped")
				.contains("acme.recreate-account=true");
		}
	}

	@Test
	void deactivatedAccountIsReplacedWhenConfigured() throws Exception {
		try (PebbleServer pebble = PebbleServer.start()) {
			AcmeApplicationRunner runner = new AcmeApplicationRunner(pebble, this.storage)
				.with("acme.recreate-account", true);
			try (ConfigurableApplicationContext context = runner.run()) {
				AcmeApplicationRunner.awaitIssuedChain(context, NAME);
				deactivateStoredAccount(pebble);
				long accounts = pebble.countRequests("POST", "/sign-me-up");

				boolean renewed = context.getBean(CertificateManager.class).renew();

				assertThat(renewed).isTrue();
				assertThat(pebble.countRequests("POST", "/sign-me-up")).isEqualTo(accounts + 1);
			}
		}
	}

	private void deactivateStoredAccount(PebbleServer pebble) throws Exception {
		FileCertificateStore store = new FileCertificateStore(this.storage, Clock.systemUTC());
		StoredAccount account = store.loadAccount(AccountIds.of(pebble.directoryUri())).orElseThrow();
		Session session = new AcmeSessionFactory(pebble.directoryUri(), pebble.clientSslContext()).createSession();
		Login login = session.login(account.location(), account.keyPair());
		login.getAccount().deactivate();
	}

}

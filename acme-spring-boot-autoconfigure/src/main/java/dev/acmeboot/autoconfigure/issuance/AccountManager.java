package dev.acmeboot.autoconfigure.issuance;

import java.net.URL;
import java.security.KeyPair;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.exception.AcmeException;

import dev.acmeboot.autoconfigure.certificate.KeyType;
import dev.acmeboot.autoconfigure.storage.CertificateStore;
import dev.acmeboot.autoconfigure.storage.StoredAccount;

/**
 * Provides the ACME account that signs every request. The account key (EC P-256) is
 * created once, saved before it is first used, and reused on every later start; the
 * account URL is saved after registration, so a stored account needs no request to log
 * in.
 *
 * @author ACME Spring Boot contributors
 */
public class AccountManager {

	private static final Log logger = LogFactory.getLog(AccountManager.class);

	private final CertificateStore store;

	private final String accountId;

	private final @Nullable String email;

	/**
	 * Creates an account manager.
	 * @param store the storage for the account key and URL
	 * @param accountId the storage identifier of the account
	 * @param email the contact address to register, or {@code null}
	 */
	public AccountManager(CertificateStore store, String accountId, @Nullable String email) {
		this.store = store;
		this.accountId = accountId;
		this.email = email;
	}

	/**
	 * Logs in to the CA with the stored account, registering it first if needed.
	 * @param session the session with the CA
	 * @return the login that signs requests
	 * @throws AcmeException if registration fails
	 */
	public Login login(Session session) throws AcmeException {
		Optional<StoredAccount> stored = this.store.loadAccount(this.accountId);
		if (stored.isPresent() && stored.get().location() != null) {
			return session.login(stored.get().location(), stored.get().keyPair());
		}
		KeyPair keyPair = stored.map(StoredAccount::keyPair).orElseGet(this::createKeyPair);
		return register(session, keyPair);
	}

	/**
	 * Registers a new account with a new key, for when the CA no longer accepts the
	 * stored one. The new key replaces the stored one.
	 * @param session the session with the CA
	 * @return the login that signs requests
	 * @throws AcmeException if registration fails
	 */
	public Login registerNew(Session session) throws AcmeException {
		return register(session, createKeyPair());
	}

	private Login register(Session session, KeyPair keyPair) throws AcmeException {
		AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(keyPair);
		if (this.email != null && !this.email.isBlank()) {
			builder.addEmail(this.email);
		}
		Login login = builder.createLogin(session);
		URL location = login.getAccountLocation();
		this.store.saveAccount(this.accountId, new StoredAccount(keyPair, location));
		Account account = login.getAccount();
		logger.info("Registered ACME account " + account.getLocation() + " with " + session.getServerUri());
		return login;
	}

	private KeyPair createKeyPair() {
		KeyPair keyPair = KeyType.EC_P256.generateKeyPair();
		this.store.saveAccount(this.accountId, new StoredAccount(keyPair, null));
		logger.info("Created a new account key for " + this.accountId);
		return keyPair;
	}

}

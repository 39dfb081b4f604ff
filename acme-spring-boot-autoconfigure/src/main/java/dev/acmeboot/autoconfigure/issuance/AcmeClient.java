package dev.acmeboot.autoconfigure.issuance;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.RevocationReason;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.exception.AcmeUnauthorizedException;

/**
 * The connection to one CA under one account: logs in, revokes certificates and fetches
 * renewal information. The session is shared and caches the CA's directory.
 *
 * @author ACME Spring Boot contributors
 */
public class AcmeClient {

	private static final Log logger = LogFactory.getLog(AcmeClient.class);

	/**
	 * How long renewal information stays fresh when the CA sends no Retry-After. RFC 9773
	 * suggests six hours.
	 */
	static final Duration DEFAULT_RENEWAL_INFO_RETRY = Duration.ofHours(6);

	/**
	 * Bounds on the CA's Retry-After for renewal information, so that a bad value neither
	 * floods the CA nor hides a revocation for long.
	 */
	static final Duration MIN_RENEWAL_INFO_RETRY = Duration.ofMinutes(1);

	static final Duration MAX_RENEWAL_INFO_RETRY = Duration.ofDays(1);

	static final String ACCOUNT_DOES_NOT_EXIST = "urn:ietf:params:acme:error:accountDoesNotExist";

	static final String ALREADY_REVOKED = "urn:ietf:params:acme:error:alreadyRevoked";

	private final AcmeSessionFactory sessions;

	private final AccountManager accounts;

	private final boolean recreateAccount;

	private final Clock clock;

	private final Session session;

	/**
	 * Creates a client.
	 * @param sessions creates the session with the CA
	 * @param accounts provides the account
	 * @param recreateAccount whether to register a new account when the CA no longer
	 * accepts the stored one
	 * @param clock the clock for Retry-After defaults
	 */
	public AcmeClient(AcmeSessionFactory sessions, AccountManager accounts, boolean recreateAccount, Clock clock) {
		this.sessions = sessions;
		this.accounts = accounts;
		this.recreateAccount = recreateAccount;
		this.clock = clock;
		this.session = sessions.createSession();
	}

	/**
	 * Returns a description of the CA for log messages.
	 * @return the directory URL
	 */
	public String describeCa() {
		return this.sessions.getDirectory().toString();
	}

	/**
	 * Logs in with the stored account, registering it first if none is stored.
	 * @return the login
	 * @throws AcmeException if registration fails
	 */
	public Login login() throws AcmeException {
		return this.accounts.login(this.session);
	}

	/**
	 * Loads the stored account, registering it first if none is stored, and fetches the
	 * CA's directory, so that the connection is open and the classes are loaded before
	 * the first order.
	 * @throws AcmeException if the directory or registration request fails
	 */
	public void prepareAccount() throws AcmeException {
		login();
		this.session.getMetadata();
	}

	/**
	 * Runs a request that is the first one signed by the account, and turns the CA's
	 * report of a deactivated or unknown account into {@link AccountUnusableException},
	 * or into one new registration when {@code recreateAccount} is set.
	 * @param <T> the request's result
	 * @param request the request
	 * @return the request's result
	 * @throws AcmeException if the request fails for another reason
	 */
	public <T> T withAccount(AccountRequest<T> request) throws AcmeException {
		Login login = login();
		try {
			return request.run(login);
		}
		catch (AcmeServerException ex) {
			if (!isAccountProblem(ex)) {
				throw ex;
			}
			String account = String.valueOf(login.getAccountLocation());
			if (!this.recreateAccount) {
				throw new AccountUnusableException("The CA rejected the ACME account " + account + " ("
						+ ex.getMessage() + ")", ex);
			}
			logger.warn("The CA rejected the ACME account " + account + " (" + ex.getMessage()
					+ "); registering a new account because 'acme.recreate-account' is true");
			return request.run(this.accounts.registerNew(this.session));
		}
	}

	/**
	 * Revokes a certificate, signed by the account key. A certificate that is already
	 * revoked is not an error.
	 * @param certificate the certificate to revoke
	 * @param reason the reason to report to the CA
	 * @return whether this call revoked it, {@code false} if it was already revoked
	 * @throws AcmeException if the CA rejects the request
	 */
	public boolean revoke(X509Certificate certificate, RevocationReason reason) throws AcmeException {
		try {
			withAccount((login) -> {
				Certificate.revoke(login, certificate, reason);
				return null;
			});
			return true;
		}
		catch (AcmeServerException ex) {
			if (ALREADY_REVOKED.equals(String.valueOf(ex.getType()))) {
				return false;
			}
			throw ex;
		}
	}

	/**
	 * Returns whether the CA offers renewal information (RFC 9773).
	 * @return whether the directory lists {@code renewalInfo}
	 * @throws AcmeException if the directory cannot be fetched
	 */
	public boolean supportsRenewalInfo() throws AcmeException {
		return this.session.resourceUrlOptional(Resource.RENEWAL_INFO).isPresent();
	}

	/**
	 * Fetches the CA's suggested renewal window for a certificate.
	 * @param certificate the certificate the CA issued
	 * @return the window, or empty if the CA offers no renewal information
	 * @throws AcmeException if the request fails
	 */
	public Optional<RenewalWindow> fetchRenewalWindow(X509Certificate certificate) throws AcmeException {
		if (!supportsRenewalInfo()) {
			return Optional.empty();
		}
		RenewalInfo info = login().bindRenewalInfo(certificate);
		Optional<Instant> retryAfter = info.fetch();
		Instant now = this.clock.instant();
		Instant fetchAgain = retryAfter.orElse(now.plus(DEFAULT_RENEWAL_INFO_RETRY));
		if (fetchAgain.isBefore(now.plus(MIN_RENEWAL_INFO_RETRY))) {
			fetchAgain = now.plus(MIN_RENEWAL_INFO_RETRY);
		}
		if (fetchAgain.isAfter(now.plus(MAX_RENEWAL_INFO_RETRY))) {
			fetchAgain = now.plus(MAX_RENEWAL_INFO_RETRY);
		}
		return Optional.of(new RenewalWindow(info.getSuggestedWindowStart(), info.getSuggestedWindowEnd(),
				fetchAgain, info.getExplanation().orElse(null)));
	}

	Session getSession() {
		return this.session;
	}

	private static boolean isAccountProblem(AcmeServerException ex) {
		return ex instanceof AcmeUnauthorizedException || ACCOUNT_DOES_NOT_EXIST.equals(String.valueOf(ex.getType()));
	}

	/**
	 * A request signed by the account.
	 *
	 * @param <T> the request's result
	 */
	@FunctionalInterface
	public interface AccountRequest<T> {

		/**
		 * Runs the request.
		 * @param login the account's login
		 * @return the result
		 * @throws AcmeException if the request fails
		 */
		T run(Login login) throws AcmeException;

	}

}

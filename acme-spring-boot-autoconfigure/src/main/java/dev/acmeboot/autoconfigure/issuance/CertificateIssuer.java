package dev.acmeboot.autoconfigure.issuance;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeServerException;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.certificate.KeyType;
import dev.acmeboot.autoconfigure.certificate.ManagedCertificate;
import dev.acmeboot.autoconfigure.issuance.ChallengeSolver.PreparedChallenge;

/**
 * Obtains a certificate from an ACME CA, following the steps of RFC 8555 section 7.
 * This class is the whole issuance flow; storage and installation are up to the caller.
 *
 * @author ACME Spring Boot contributors
 */
public class CertificateIssuer {

	private static final Log logger = LogFactory.getLog(CertificateIssuer.class);

	/**
	 * Maximum wait for the CA to validate the challenges of one order.
	 */
	static final Duration AUTHORIZATION_TIMEOUT = Duration.ofMinutes(2);

	/**
	 * Maximum wait for the CA to issue the certificate once the order is
	 * finalized.
	 */
	static final Duration ISSUANCE_TIMEOUT = Duration.ofMinutes(2);

	private static final Set<Status> ORDER_READY = EnumSet.of(Status.READY, Status.VALID, Status.INVALID);

	private static final Set<Status> ORDER_DONE = EnumSet.of(Status.VALID, Status.INVALID);

	private static final Set<Status> AUTHORIZATION_DONE = EnumSet.complementOf(EnumSet.of(Status.PENDING,
			Status.PROCESSING, Status.UNKNOWN));

	private static final String ORDER_NOT_READY = "urn:ietf:params:acme:error:orderNotReady";

	private static final String ALREADY_REPLACED = "urn:ietf:params:acme:error:alreadyReplaced";

	private final AcmeClient client;

	private final ChallengeSolver solver;

	private final StatusPoller poller;

	private final AtomicReference<@Nullable PreparedKey> nextDomainKey = new AtomicReference<>();

	/**
	 * Creates an issuer.
	 * @param client the connection to the CA
	 * @param solver responds to the challenges
	 * @param poller waits for the CA
	 */
	public CertificateIssuer(AcmeClient client, ChallengeSolver solver, StatusPoller poller) {
		this.client = client;
		this.solver = solver;
		this.poller = poller;
	}

	/**
	 * Does the work of an issuance that needs no order, so that an issuance right after
	 * start-up is quick. It loads or registers the account, which also loads the classes
	 * and opens the connection to the CA, and it creates the domain key for the next order. A
	 * failure is only logged at debug level, because the issuance that follows repeats
	 * the step and reports it.
	 * @param certificate the certificate that will be ordered next
	 */
	public void prepare(ManagedCertificate certificate) {
		if (this.nextDomainKey.get() == null) {
			this.nextDomainKey.compareAndSet(null, new PreparedKey(certificate.keyType(),
					certificate.keyType().generateKeyPair()));
		}
		try {
			this.client.prepareAccount();
		}
		catch (AcmeException | RuntimeException ex) {
			logger.debug("Unable to prepare the ACME account before ordering a certificate for "
					+ certificate.domains(), ex);
		}
	}

	/**
	 * Obtains a new certificate for the names of the managed certificate, with a fresh
	 * domain key.
	 * @param certificate the names and key type to request
	 * @param replaces the certificate this one replaces, sent as the order's
	 * {@code replaces} field (RFC 9773), or {@code null}
	 * @return the issued chain and the new private key
	 * @throws AcmeException if the CA rejects the new order or cannot be reached
	 * @throws InterruptedException if the thread is interrupted while waiting for the CA
	 * @throws OrderFailedException if a step after the order was created fails, with the
	 * failure as the cause
	 * @throws AccountUnusableException if the CA no longer accepts the account
	 */
	public CertificateBundle issue(ManagedCertificate certificate, @Nullable X509Certificate replaces)
			throws AcmeException, InterruptedException {
		List<String> names = certificate.domains();
		Order order = createOrder(names, replaces);
		logger.info("Ordering a certificate for " + names + " from " + this.client.describeCa()
				+ ((replaces != null) ? " to replace serial " + CertificateBundle.serialNumber(replaces.getSerialNumber())
						: "")
				+ " in order " + order.getLocation());
		try {
			return completeOrder(order, certificate, names);
		}
		catch (AcmeException | RuntimeException ex) {
			throw new OrderFailedException(order.getLocation(), ex);
		}
	}

	private CertificateBundle completeOrder(Order order, ManagedCertificate certificate, List<String> names)
			throws AcmeException, InterruptedException {
		// RFC 8555 7.5: prove control of every name the order still needs
		authorize(order, names);

		// RFC 8555 7.4: finalize with a CSR signed by a new domain key
		KeyPair domainKey = takeDomainKey(certificate);
		finalizeOrder(order, domainKey, names);
		this.poller.waitFor(order, ORDER_DONE, ISSUANCE_TIMEOUT, "Order " + order.getLocation());
		requireStatus(order, Status.VALID, names);

		// RFC 8555 7.4.2: download the chain
		Certificate issued = order.getCertificate();
		issued.download();
		CertificateBundle bundle = new CertificateBundle(issued.getCertificateChain(), domainKey.getPrivate());
		logger.info("Order " + order.getLocation() + " for " + names + " issued serial " + bundle.serialNumber()
				+ ", downloaded from " + issued.getLocation());
		return bundle;
	}

	/**
	 * Returns the key created by {@link #prepare} for the certificate's key type, or a
	 * new one. Either way, no key is ever used for two orders.
	 */
	private KeyPair takeDomainKey(ManagedCertificate certificate) {
		PreparedKey prepared = this.nextDomainKey.getAndSet(null);
		if (prepared != null && prepared.keyType() == certificate.keyType()) {
			return prepared.keyPair();
		}
		return certificate.keyType().generateKeyPair();
	}

	/**
	 * Finalizes the order. Once every authorization is valid the order is ready, so
	 * finalizing is tried at once; a CA that has not caught up answers orderNotReady,
	 * and the order is then polled until it is ready.
	 */
	private void finalizeOrder(Order order, KeyPair domainKey, List<String> names)
			throws AcmeException, InterruptedException {
		try {
			order.execute(domainKey);
		}
		catch (AcmeServerException ex) {
			if (!ORDER_NOT_READY.equals(String.valueOf(ex.getType()))) {
				throw ex;
			}
			this.poller.waitFor(order, ORDER_READY, AUTHORIZATION_TIMEOUT, "Order " + order.getLocation());
			requireStatus(order, Status.READY, names);
			order.execute(domainKey);
		}
	}

	private Order createOrder(List<String> names, @Nullable X509Certificate replaces) throws AcmeException {
		try {
			return this.client.withAccount((login) -> newOrder(login, names, replaces));
		}
		catch (AcmeServerException ex) {
			if (replaces == null || !ALREADY_REPLACED.equals(String.valueOf(ex.getType()))) {
				throw ex;
			}
			logger.info("The CA reports that the certificate was already replaced; ordering without 'replaces'");
			return this.client.withAccount((login) -> newOrder(login, names, null));
		}
	}

	private static Order newOrder(Login login, List<String> names, @Nullable X509Certificate replaces)
			throws AcmeException {
		OrderBuilder builder = login.newOrder().domains(names);
		if (replaces != null) {
			builder.replaces(replaces);
		}
		return builder.create();
	}

	private void authorize(Order order, List<String> names) throws AcmeException, InterruptedException {
		List<Authorization> pending = new ArrayList<>();
		for (Authorization authorization : order.getAuthorizations()) {
			Status status = authorization.getStatus();
			if (status == Status.VALID) {
				logger.debug("Authorization for " + authorization.getIdentifier().getDomain() + " is already valid");
			}
			else if (status == Status.PENDING) {
				pending.add(authorization);
			}
			else {
				throw new IssuanceException("Authorization for '" + authorization.getIdentifier().getDomain()
						+ "' is " + status.name().toLowerCase() + "; abandoning order " + order.getLocation());
			}
		}
		List<PreparedChallenge> prepared = new ArrayList<>();
		try {
			for (Authorization authorization : pending) {
				Challenge challenge = findChallenge(authorization);
				this.solver.prepare(authorization, challenge);
				prepared.add(new PreparedChallenge(authorization, challenge));
			}
			if (!prepared.isEmpty()) {
				this.solver.awaitReady(List.copyOf(prepared));
			}
			for (PreparedChallenge challenge : prepared) {
				challenge.challenge().trigger();
			}
			for (Authorization authorization : pending) {
				String domain = authorization.getIdentifier().getDomain();
				this.poller.waitFor(authorization, AUTHORIZATION_DONE, AUTHORIZATION_TIMEOUT,
						"Authorization for '" + domain + "'");
				if (authorization.getStatus() != Status.VALID) {
					throw new IssuanceException("Authorization for '" + domain + "' is "
							+ authorization.getStatus().name().toLowerCase() + describeProblem(authorization)
							+ "; abandoning order " + order.getLocation());
				}
				logger.debug("Authorization for '" + domain + "' is valid");
			}
		}
		finally {
			cleanUp(prepared);
		}
	}

	private void cleanUp(List<PreparedChallenge> prepared) {
		for (PreparedChallenge challenge : prepared) {
			try {
				this.solver.cleanUp(challenge.authorization(), challenge.challenge());
			}
			catch (RuntimeException ex) {
				logger.warn("Unable to remove the " + challenge.challenge().getType() + " response for '"
						+ challenge.authorization().getIdentifier().getDomain() + "': " + ex.getMessage(), ex);
			}
		}
	}

	private Challenge findChallenge(Authorization authorization) {
		String type = this.solver.getChallengeType();
		return authorization.findChallenge(type)
			.orElseThrow(() -> new IssuanceException("The CA offers no " + type + " challenge for '"
					+ authorization.getIdentifier().getDomain() + "'; it offers "
					+ authorization.getChallenges().stream().map(Challenge::getType).toList()));
	}

	private static String describeProblem(Authorization authorization) {
		for (Challenge challenge : authorization.getChallenges()) {
			if (challenge.getError().isPresent()) {
				Problem problem = challenge.getError().get();
				return " (" + challenge.getType() + ": " + problem.getDetail().orElse(String.valueOf(problem.getType()))
						+ ")";
			}
		}
		return "";
	}

	private static void requireStatus(Order order, Status expected, List<String> names) {
		if (order.getStatus() != expected) {
			String problem = order.getError().map((error) -> ": " + error).orElse("");
			throw new IssuanceException("Order " + order.getLocation() + " for " + names + " is "
					+ order.getStatus().name().toLowerCase() + problem);
		}
	}

	/**
	 * A domain key created ahead of its order.
	 */
	private record PreparedKey(KeyType keyType, KeyPair keyPair) {

	}

}

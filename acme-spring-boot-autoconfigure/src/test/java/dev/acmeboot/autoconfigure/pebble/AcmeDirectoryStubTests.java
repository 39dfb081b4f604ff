package dev.acmeboot.autoconfigure.pebble;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeNotSupportedException;
import org.shredzone.acme4j.exception.AcmeProtocolException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.toolbox.AcmeUtils;
import org.shredzone.acme4j.toolbox.JSON;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link AcmeDirectoryStub} in front of a real Pebble, with acme4j as the
 * client.
 */
class AcmeDirectoryStubTests {

	private static final Duration ACME_TIMEOUT = Duration.ofSeconds(30);

	private static final Map<String, String> keyAuthorizations = new ConcurrentHashMap<>();

	private static PebbleServer pebble;

	private static AcmeDirectoryStub stub;

	private static HttpServer challengeResponder;

	private static KeyPair accountKeyPair;

	private static URL accountLocation;

	@BeforeAll
	static void startServers() throws Exception {
		pebble = PebbleServer.start();
		stub = AcmeDirectoryStub.start(pebble);
		challengeResponder = PebbleClients.startChallengeResponder(pebble.httpValidationPort(), keyAuthorizations);
		accountKeyPair = PebbleClients.newKeyPair();
		Account account = new AccountBuilder().agreeToTermsOfService()
			.useKeyPair(accountKeyPair)
			.create(newSession(stub.directoryUri()));
		accountLocation = account.getLocation();
	}

	@AfterAll
	static void stopServers() {
		if (challengeResponder != null) {
			challengeResponder.stop(0);
		}
		if (stub != null) {
			stub.close();
		}
		if (pebble != null) {
			pebble.close();
		}
	}

	@AfterEach
	void resetStub() {
		stub.reset();
		keyAuthorizations.clear();
	}

	@Test
	void directoryAddsRenewalInfo() throws Exception {
		HttpResponse<String> stubResponse = get(stub.directoryUri());
		JSON stubDirectory = JSON.parse(stubResponse.body());
		JSON pebbleDirectory = JSON.parse(get(pebble.directoryUri()).body());

		assertThat(stubResponse.statusCode()).isEqualTo(200);
		assertThat(stubResponse.headers().firstValue("Cache-Control")).contains("no-store");
		assertThat(stubDirectory.get("renewalInfo").asString()).isEqualTo(stub.renewalInfoUri().toString());
		assertThat(pebbleDirectory.contains("renewalInfo")).isFalse();
		for (String resource : new String[] { "newNonce", "newAccount", "newOrder", "revokeCert", "keyChange" }) {
			assertThat(stubDirectory.get(resource).asString()).as(resource)
				.isEqualTo(pebbleDirectory.get(resource).asString());
		}
		assertThat(newSession(stub.directoryUri()).resourceUrlOptional(Resource.RENEWAL_INFO))
			.contains(stub.renewalInfoUri().toURL());
	}

	@Test
	void directoryOmitsRenewalInfoWhenSwitchedOff() throws Exception {
		stub.setRenewalInfoAdvertised(false);

		JSON directory = JSON.parse(get(stub.directoryUri()).body());

		assertThat(directory.contains("renewalInfo")).isFalse();
		assertThat(newSession(stub.directoryUri()).resourceUrlOptional(Resource.RENEWAL_INFO)).isEmpty();
	}

	@Test
	void renewalInfoReturnsConfiguredWindow() throws Exception {
		BigInteger serial = new BigInteger("8000000000000001", 16);
		X509Certificate certificate = certificateWithAuthorityKeyIdentifier(serial);
		Instant start = Instant.parse("2030-01-10T00:00:00Z");
		Instant end = Instant.parse("2030-01-12T12:30:00Z");
		URI explanation = URI.create("https://127.0.0.1/renewal-explained");
		stub.setRenewalWindow(serial, start, end, explanation);
		stub.setRenewalRetryAfter(Duration.ofHours(2));

		RenewalInfo renewalInfo = login().bindRenewalInfo(certificate);
		Instant before = Instant.now();
		Instant retryAfter = renewalInfo.fetch().orElseThrow();
		Instant after = Instant.now();

		assertThat(renewalInfo.getSuggestedWindowStart()).isEqualTo(start);
		assertThat(renewalInfo.getSuggestedWindowEnd()).isEqualTo(end);
		assertThat(renewalInfo.getExplanation()).contains(explanation.toURL());
		assertRetryAfter(retryAfter, before, after, Duration.ofHours(2));
		assertThat(stub.renewalInfoRequests()).singleElement().satisfies((request) -> {
			assertThat(request.certId()).isEqualTo(AcmeUtils.getRenewalUniqueIdentifier(certificate));
			assertThat(request.serial()).isEqualTo(serial);
			assertThat(request.status()).isEqualTo(200);
		});
		assertThat(stub.countRenewalInfoRequests(serial)).isEqualTo(1);
	}

	@Test
	void renewalInfoFallsBackToDefaultWindow() throws Exception {
		BigInteger ownSerial = BigInteger.valueOf(0x1001);
		BigInteger otherSerial = BigInteger.valueOf(0x1002);
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		stub.setRenewalWindow(ownSerial, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)));
		stub.setDefaultRenewalWindow(now.minus(Duration.ofDays(1)), now.plus(Duration.ofHours(1)));
		Login login = login();

		RenewalInfo own = login.bindRenewalInfo(certificateWithAuthorityKeyIdentifier(ownSerial));
		RenewalInfo other = login.bindRenewalInfo(certificateWithAuthorityKeyIdentifier(otherSerial));
		own.fetch();
		other.fetch();

		assertThat(own.getSuggestedWindowStart()).isEqualTo(now.plus(Duration.ofDays(1)));
		assertThat(own.getExplanation()).isEmpty();
		assertThat(other.getSuggestedWindowStart()).isEqualTo(now.minus(Duration.ofDays(1)));
		assertThat(other.renewalIsRecommended(Instant.now())).isTrue();
		assertThat(stub.countRenewalInfoRequests(ownSerial)).isEqualTo(1);
		assertThat(stub.countRenewalInfoRequests(otherSerial)).isEqualTo(1);
	}

	@Test
	void renewalInfoWithoutWindowReturns404() throws Exception {
		BigInteger serial = BigInteger.valueOf(0x2001);
		RenewalInfo renewalInfo = login().bindRenewalInfo(certificateWithAuthorityKeyIdentifier(serial));

		assertThatExceptionOfType(AcmeServerException.class).isThrownBy(renewalInfo::fetch)
			.satisfies((ex) -> assertThat(ex.getProblem().asJSON().get("status").asInt()).isEqualTo(404));
		assertThat(stub.renewalInfoRequests()).singleElement().satisfies((request) -> {
			assertThat(request.serial()).isEqualTo(serial);
			assertThat(request.status()).isEqualTo(404);
		});
	}

	@Test
	void invalidRenewalWindowEndsBeforeStart() throws Exception {
		BigInteger serial = BigInteger.valueOf(0x3001);
		X509Certificate certificate = certificateWithAuthorityKeyIdentifier(serial);
		Instant start = Instant.parse("2030-03-02T00:00:00Z");
		Instant end = Instant.parse("2030-03-01T00:00:00Z");
		stub.setInvalidRenewalWindow(serial, start, end);
		URI uri = URI.create(stub.renewalInfoUri() + "/" + AcmeUtils.getRenewalUniqueIdentifier(certificate));

		HttpResponse<String> response = get(uri);
		JSON window = JSON.parse(response.body()).get("suggestedWindow").asObject();
		RenewalInfo renewalInfo = login().bindRenewalInfo(certificate);
		renewalInfo.fetch();

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(window.get("start").asInstant()).isEqualTo(start);
		assertThat(window.get("end").asInstant()).isEqualTo(end);
		// acme4j 4.0.0 accepts the response and rejects the window only when asked about it.
		assertThat(renewalInfo.getSuggestedWindowEnd()).isEqualTo(end);
		assertThatExceptionOfType(AcmeProtocolException.class)
			.isThrownBy(() -> renewalInfo.renewalIsRecommended(Instant.now()))
			.withMessageContaining("invalid suggested window");
		assertThatIllegalArgumentException().isThrownBy(() -> stub.setRenewalWindow(serial, start, end))
			.withMessageContaining("setInvalidRenewalWindow");
		assertThatIllegalArgumentException().isThrownBy(() -> stub.setInvalidRenewalWindow(serial, end, start))
			.withMessageContaining("setRenewalWindow");
	}

	@Test
	void renewalInfoRejectsMalformedCertId() throws Exception {
		for (String certId : new String[] { "no-dot", "a.b.c", "AAAA.", ".AQ", "AAAA.AQ==", "AAAA.AA", "AAAA.gA" }) {
			HttpResponse<String> response = get(URI.create(stub.renewalInfoUri() + "/" + certId));

			assertThat(response.statusCode()).as(certId).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).as(certId).contains("application/problem+json");
			assertThat(JSON.parse(response.body()).get("type").asString()).as(certId)
				.isEqualTo("urn:ietf:params:acme:error:malformed");
		}
		assertThat(stub.renewalInfoRequests()).hasSize(7).allSatisfy((request) -> {
			assertThat(request.serial()).isNull();
			assertThat(request.status()).isEqualTo(400);
		});
	}

	@Test
	void parseSerialReadsTwosComplementBytes() throws Exception {
		BigInteger[] serials = { BigInteger.ONE, BigInteger.valueOf(0x7f), BigInteger.valueOf(0x80),
				new BigInteger("00ff00ff00ff00ff00ff", 16), new BigInteger("7fffffffffffffffffffffffffffffffffffffff", 16),
				new BigInteger("80000000000000000000000000000000000000", 16) };
		for (BigInteger serial : serials) {
			String certId = AcmeUtils.getRenewalUniqueIdentifier(certificateWithAuthorityKeyIdentifier(serial));

			assertThat(AcmeDirectoryStub.parseSerial(certId)).as(certId).isEqualTo(serial);
		}
	}

	@Test
	void rateLimitedOrderReportsRetryAfterSeconds() throws Exception {
		stub.rateLimitNewOrders(Duration.ofSeconds(90));
		long pebbleOrdersBefore = pebble.countRequests("POST", "/order-plz");
		Login login = login();

		Instant before = Instant.now();
		AcmeRateLimitedException failure = catchRateLimited(login, "seconds.example.org");
		Instant after = Instant.now();

		assertThat(failure.getType()).isEqualTo(URI.create("urn:ietf:params:acme:error:rateLimited"));
		assertThat(failure.getProblem().asJSON().get("status").asInt()).isEqualTo(429);
		assertRetryAfter(failure.getRetryAfter().orElseThrow(), before, after, Duration.ofSeconds(90));
		assertThat(stub.countRateLimitedNewOrders()).isEqualTo(1);
		assertThat(pebble.countRequests("POST", "/order-plz")).isEqualTo(pebbleOrdersBefore);
	}

	@Test
	void rateLimitedOrderReportsRetryAfterDate() throws Exception {
		Instant retryAt = Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
		stub.rateLimitNewOrdersUntil(retryAt);

		AcmeRateLimitedException failure = catchRateLimited(login(), "date.example.org");

		assertThat(failure.getRetryAfter()).contains(retryAt);
		assertThat(stub.countRateLimitedNewOrders()).isEqualTo(1);
		assertThatIllegalArgumentException().isThrownBy(() -> stub.rateLimitNewOrdersUntil(retryAt.plusMillis(1)))
			.withMessageContaining("whole seconds");
		assertThatIllegalArgumentException().isThrownBy(() -> stub.rateLimitNewOrders(Duration.ofMillis(1500)))
			.withMessageContaining("whole seconds");
	}

	@Test
	void rateLimitedResponseCarriesPebbleNonce() throws Exception {
		stub.rateLimitNewOrders(Duration.ofSeconds(30));

		HttpResponse<String> response = post(stub.newOrderUri(), "{}");
		JSON problem = JSON.parse(response.body());

		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
		assertThat(response.headers().firstValue("Retry-After")).contains("30");
		assertThat(response.headers().firstValue("Replay-Nonce")).hasValueSatisfying((nonce) -> {
			assertThat(nonce).isNotBlank();
		});
		assertThat(problem.get("type").asString()).isEqualTo("urn:ietf:params:acme:error:rateLimited");
		assertThat(problem.get("status").asInt()).isEqualTo(429);
		assertThat(problem.get("detail").asString()).isNotBlank();
		assertThat(JSON.parse(get(stub.directoryUri()).body()).get("newOrder").asString())
			.isEqualTo(stub.newOrderUri().toString());
		assertThat(stub.newOrderRequests()).singleElement().satisfies((request) -> {
			assertThat(request.payload()).isEmpty();
			assertThat(request.status()).isEqualTo(429);
		});
	}

	@Test
	void sameSessionFollowsRateLimitSwitch() throws Exception {
		Login login = login();
		Order before = login.newOrder().domain("same-session.example.org").create();

		stub.rateLimitNewOrders(Duration.ofSeconds(60));
		catchRateLimited(login, "same-session.example.org");
		long pebbleOrdersBefore = pebble.countRequests("POST", "/order-plz");

		stub.stopRateLimiting();
		Order after = login.newOrder().domain("same-session.example.org").create();

		assertThat(before.getLocation().getPort()).isEqualTo(pebble.directoryUri().getPort());
		assertThat(stub.countRateLimitedNewOrders()).isEqualTo(1);
		assertThat(after.getStatus()).isEqualTo(Status.PENDING);
		assertThat(after.getLocation().getPort()).isEqualTo(pebble.directoryUri().getPort());
		// A second POST /order-plz would mean that Pebble rejected the stub's nonce and
		// acme4j retried with another one.
		assertThat(pebble.countRequests("POST", "/order-plz")).isEqualTo(pebbleOrdersBefore + 1);
		assertThat(stub.newOrderRequests()).hasSize(1);
	}

	@Test
	void staleNewOrderUrlReturns503() throws Exception {
		HttpResponse<String> response = post(stub.newOrderUri(), "{}");
		JSON problem = JSON.parse(response.body());

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Replay-Nonce")).isPresent();
		assertThat(response.headers().firstValue("Retry-After")).isEmpty();
		assertThat(problem.get("type").asString()).isEqualTo("urn:ietf:params:acme:error:serverInternal");
		assertThat(problem.get("detail").asString()).contains("Fetch the directory again");
		assertThat(JSON.parse(get(stub.directoryUri()).body()).get("newOrder").asString())
			.isNotEqualTo(stub.newOrderUri().toString());
		assertThat(stub.newOrderRequests()).singleElement().satisfies((request) -> {
			assertThat(request.status()).isEqualTo(503);
		});
		assertThat(stub.countRateLimitedNewOrders()).isZero();
	}

	@Test
	void freshSessionIssuesAfterRateLimiting() throws Exception {
		stub.rateLimitNewOrders(Duration.ofSeconds(60));
		catchRateLimited(login(), "fresh-session.example.org");
		stub.stopRateLimiting();

		Login login = login();
		X509Certificate certificate = issueCertificate(login, "fresh-session.example.org");
		BigInteger serial = certificate.getSerialNumber();
		Instant start = Instant.now().plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS);
		stub.setRenewalWindow(serial, start, start.plus(Duration.ofDays(2)));
		RenewalInfo renewalInfo = login.bindRenewalInfo(certificate);
		renewalInfo.fetch();

		assertThat(pebble.certificateStatus(serial)).contains("\"Status\": \"Valid\"");
		assertThat(renewalInfo.getSuggestedWindowStart()).isEqualTo(start);
		assertThat(stub.countRenewalInfoRequests(serial)).isEqualTo(1);
		assertThat(stub.countRateLimitedNewOrders()).isEqualTo(1);
	}

	@Test
	void pebbleIgnoresReplacesInNewOrder() throws Exception {
		Login login = login();
		X509Certificate certificate = issueCertificate(login, "replaces.example.org");
		String certId = AcmeUtils.getRenewalUniqueIdentifier(certificate);
		long pebbleOrdersBefore = pebble.countRequests("POST", "/order-plz");

		// Without renewalInfo in the directory, acme4j rejects replaces before sending.
		Login pebbleLogin = newSession(pebble.directoryUri()).login(accountLocation, accountKeyPair);
		assertThatExceptionOfType(AcmeNotSupportedException.class)
			.isThrownBy(() -> pebbleLogin.newOrder().domain("replaces.example.org").replaces(certificate).create())
			.withMessageContaining("renewal-information");
		assertThat(pebble.countRequests("POST", "/order-plz")).isEqualTo(pebbleOrdersBefore);

		// The stub records the payload, which shows that acme4j sends the certID.
		stub.rateLimitNewOrders(Duration.ofSeconds(60));
		assertThatExceptionOfType(AcmeRateLimitedException.class)
			.isThrownBy(() -> login.newOrder().domain("replaces.example.org").replaces(certificate).create());
		assertThat(stub.newOrderRequests()).singleElement()
			.satisfies((request) -> assertThat(request.payloadJson().get("replaces").asString()).isEqualTo(certId));

		stub.stopRateLimiting();
		Order order = login.newOrder().domain("replaces.example.org").replaces(certificate).create();

		assertThat(order.getStatus()).isEqualTo(Status.PENDING);
		assertThat(order.getJSON().contains("replaces")).isFalse();
		assertThat(pebble.countRequests("POST", "/order-plz")).isEqualTo(pebbleOrdersBefore + 1);

		// Pebble 2.4 does not even check the value, so it cannot test rejected replacements.
		Order unchecked = login.newOrder().domain("replaces.example.org").replaces("not-a-cert-id").create();

		assertThat(unchecked.getStatus()).isEqualTo(Status.PENDING);
		assertThat(unchecked.getJSON().contains("replaces")).isFalse();
	}

	private static AcmeRateLimitedException catchRateLimited(Login login, String domain) throws Exception {
		try {
			login.newOrder().domain(domain).create();
		}
		catch (AcmeRateLimitedException ex) {
			return ex;
		}
		throw new AssertionError("Expected AcmeRateLimitedException for a new order of " + domain
				+ ", but the order was created");
	}

	/**
	 * Checks a {@code Retry-After} in seconds, which acme4j adds to the {@code Date} header
	 * of the response. The header has whole seconds, so the lower bound is truncated.
	 */
	private static void assertRetryAfter(Instant retryAfter, Instant before, Instant after, Duration delay) {
		assertThat(retryAfter).isBetween(before.truncatedTo(ChronoUnit.SECONDS).plus(delay), after.plus(delay));
	}

	private static X509Certificate issueCertificate(Login login, String domain) throws Exception {
		Order order = login.newOrder().domain(domain).create();
		for (Authorization authorization : order.getAuthorizations()) {
			Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
			keyAuthorizations.put(challenge.getToken(), challenge.getAuthorization());
			challenge.trigger();
			assertThat(authorization.waitForCompletion(ACME_TIMEOUT)).isEqualTo(Status.VALID);
		}
		order.execute(PebbleClients.newKeyPair());
		assertThat(order.waitForCompletion(ACME_TIMEOUT)).isEqualTo(Status.VALID);
		return order.getCertificate().getCertificate();
	}

	/**
	 * Creates a certificate with an Authority Key Identifier, which acme4j needs to build
	 * the certID. Only the serial and the identifier matter, so an unrelated key signs it.
	 */
	private static X509Certificate certificateWithAuthorityKeyIdentifier(BigInteger serial) throws Exception {
		KeyPair issuerKeys = PebbleClients.newKeyPair();
		KeyPair subjectKeys = PebbleClients.newKeyPair();
		Instant now = Instant.now();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=Stub test issuer"), serial,
				Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
				new X500Name("CN=stub.example.org"), subjectKeys.getPublic());
		builder.addExtension(Extension.authorityKeyIdentifier, false,
				new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuerKeys.getPublic()));
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
	}

	private static Login login() {
		return newSession(stub.directoryUri()).login(accountLocation, accountKeyPair);
	}

	private static Session newSession(URI directory) {
		return PebbleClients.newSession(pebble, directory);
	}

	private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri).GET());
	}

	private static HttpResponse<String> post(URI uri, String body) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/jose+json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return PebbleClients.send(pebble, request);
	}

}

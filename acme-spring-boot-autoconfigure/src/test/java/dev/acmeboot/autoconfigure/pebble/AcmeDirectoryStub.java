package dev.acmeboot.autoconfigure.pebble;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.shredzone.acme4j.exception.AcmeProtocolException;
import org.shredzone.acme4j.toolbox.JSON;
import org.shredzone.acme4j.toolbox.JSONBuilder;

import static dev.acmeboot.autoconfigure.pebble.TestProcesses.LOOPBACK;

/**
 * A test stub for two ACME server features that Pebble 2.4 lacks: ACME Renewal Information
 * (ARI, RFC 9773) and rate-limit errors with a {@code Retry-After} header. It is an HTTPS
 * server on {@code 127.0.0.1} in front of a {@link PebbleServer} and serves only what
 * Pebble cannot:
 * <ul>
 * <li>{@code GET /dir} returns Pebble's directory with this stub's {@code renewalInfo}
 * URL added and, while new orders are rate-limited, with {@code newOrder} replaced by this
 * stub's {@code /new-order}.</li>
 * <li>{@code GET /renewal-info/<certID>} returns the suggested renewal window that the
 * test set for the certificate serial in the certID.</li>
 * <li>{@code POST /new-order} returns a {@code rateLimited} error with status 429 and a
 * {@code Retry-After} header.</li>
 * </ul>
 *
 * <p>Every other URL in the directory is Pebble's, so clients send accounts, orders,
 * challenges and finalization straight to Pebble. The stub never forwards a signed POST,
 * because the JWS signature covers the request URL.
 *
 * <p>The directory response carries {@code Cache-Control: no-store}. acme4j 4.0.0 keeps a
 * directory only until the expiry that {@code Cache-Control: max-age} or {@code Expires}
 * sets, and without one it fetches the directory again before each resource lookup. A
 * session therefore follows {@link #rateLimitNewOrders(Duration)} and
 * {@link #stopRateLimiting()} from its next order on. A client that keeps the directory
 * anyway and posts to {@code /new-order} after {@link #stopRateLimiting()} receives status
 * 503 with a {@code serverInternal} problem whose detail instructs the client to fetch
 * the directory again.
 *
 * <p>The stub presents the certificate of Pebble's HTTPS listeners, so clients that trust
 * {@link PebbleServer#trustCertificatePem()} trust the stub too. Instances are
 * thread-safe.
 */
public final class AcmeDirectoryStub implements AutoCloseable {

	/**
	 * The {@code Retry-After} of renewal information responses until
	 * {@link #setRenewalRetryAfter(Duration)} changes it.
	 */
	public static final Duration DEFAULT_RENEWAL_RETRY_AFTER = Duration.ofHours(6);

	private static final Log logger = LogFactory.getLog(AcmeDirectoryStub.class);

	private static final String DIRECTORY_PATH = "/dir";

	private static final String RENEWAL_INFO_PATH = "/renewal-info";

	private static final String NEW_ORDER_PATH = "/new-order";

	private static final String ERROR_TYPE_PREFIX = "urn:ietf:params:acme:error:";

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	private static final Pattern BASE64URL_WITHOUT_PADDING = Pattern.compile("[A-Za-z0-9_-]+");

	/**
	 * Formats the IMF-fixdate form of an HTTP-date, such as
	 * {@code Sun, 06 Nov 1994 08:49:37 GMT}. {@link DateTimeFormatter#RFC_1123_DATE_TIME}
	 * would drop the leading zero of the day.
	 */
	private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	private final PebbleServer pebble;

	private final ExecutorService executor;

	private final HttpsServer server;

	private final Map<BigInteger, RenewalWindow> renewalWindows = new ConcurrentHashMap<>();

	private final List<RenewalInfoRequest> renewalInfoRequests = new CopyOnWriteArrayList<>();

	private final List<NewOrderRequest> newOrderRequests = new CopyOnWriteArrayList<>();

	private volatile boolean renewalInfoAdvertised = true;

	private volatile RenewalWindow defaultRenewalWindow;

	private volatile Duration renewalRetryAfter = DEFAULT_RENEWAL_RETRY_AFTER;

	/**
	 * The {@code Retry-After} header value of rate-limited new orders, or {@code null} while
	 * new orders go to Pebble.
	 */
	private volatile String rateLimitRetryAfter;

	private volatile URI pebbleNewNonceUri;

	private boolean closed;

	private AcmeDirectoryStub(PebbleServer pebble) throws IOException {
		this.pebble = pebble;
		AtomicInteger threadNumber = new AtomicInteger();
		this.executor = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "acme-directory-stub-" + threadNumber.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0), 0);
		this.server.setHttpsConfigurator(new HttpsConfigurator(serverSslContext(pebble.tlsFiles())));
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
	}

	/**
	 * Starts a stub in front of a running Pebble on a free port of {@code 127.0.0.1}. The
	 * stub advertises renewal information and does not rate-limit new orders.
	 * @param pebble the running Pebble whose directory the stub extends
	 * @return the running stub
	 * @throws IllegalStateException if Pebble's directory cannot be fetched or lacks
	 * {@code newNonce}
	 * @throws UncheckedIOException if the HTTPS listener fails to start
	 */
	public static AcmeDirectoryStub start(PebbleServer pebble) {
		Objects.requireNonNull(pebble, "pebble must not be null");
		AcmeDirectoryStub stub;
		try {
			stub = new AcmeDirectoryStub(pebble);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to open the ACME directory stub on " + LOOPBACK, ex);
		}
		stub.server.start();
		try {
			stub.fetchPebbleDirectory();
		}
		catch (RuntimeException ex) {
			stub.close();
			throw new IllegalStateException("Failed to fetch Pebble's directory " + pebble.directoryUri()
					+ ". Start Pebble before the stub.", ex);
		}
		return stub;
	}

	/**
	 * Returns the URI of the stub's directory, for example
	 * {@code https://127.0.0.1:40123/dir}. Pass it to ACME clients instead of
	 * {@link PebbleServer#directoryUri()}.
	 * @return the directory URI
	 */
	public URI directoryUri() {
		return stubUri(DIRECTORY_PATH);
	}

	/**
	 * Returns the {@code renewalInfo} URL that the directory lists. Clients append
	 * {@code /} and the certID.
	 * @return the renewal information URI without a trailing slash
	 */
	public URI renewalInfoUri() {
		return stubUri(RENEWAL_INFO_PATH);
	}

	/**
	 * Returns the {@code newOrder} URL that the directory lists while new orders are
	 * rate-limited.
	 * @return the stub's new-order URI
	 */
	public URI newOrderUri() {
		return stubUri(NEW_ORDER_PATH);
	}

	/**
	 * Sets whether the directory lists {@code renewalInfo}. The renewal information
	 * endpoint responds either way, for clients that kept an earlier directory.
	 * @param advertised {@code true} to list it, which is the default
	 */
	public void setRenewalInfoAdvertised(boolean advertised) {
		this.renewalInfoAdvertised = advertised;
	}

	/**
	 * Sets the suggested renewal window for the certificate with a serial number.
	 * @param serial the certificate serial number
	 * @param start the start of the window
	 * @param end the end of the window, after {@code start}
	 * @throws IllegalArgumentException if {@code end} is not after {@code start}
	 */
	public void setRenewalWindow(BigInteger serial, Instant start, Instant end) {
		setRenewalWindow(serial, start, end, null);
	}

	/**
	 * Sets the suggested renewal window and the {@code explanationURL} for the certificate
	 * with a serial number.
	 * @param serial the certificate serial number
	 * @param start the start of the window
	 * @param end the end of the window, after {@code start}
	 * @param explanationUrl the page that explains the window, or {@code null} to omit
	 * {@code explanationURL}
	 * @throws IllegalArgumentException if {@code end} is not after {@code start}
	 */
	public void setRenewalWindow(BigInteger serial, Instant start, Instant end, URI explanationUrl) {
		Objects.requireNonNull(serial, "serial must not be null");
		this.renewalWindows.put(serial, RenewalWindow.valid(start, end, explanationUrl));
	}

	/**
	 * Sets an invalid renewal window for the certificate with a serial number, to test how
	 * clients handle it. RFC 9773 forbids servers to send a window whose end equals or
	 * precedes its start, and requires clients to treat it as if they had received no
	 * response.
	 * @param serial the certificate serial number
	 * @param start the start of the window
	 * @param end the end of the window, equal to or before {@code start}
	 * @throws IllegalArgumentException if {@code end} is after {@code start}
	 */
	public void setInvalidRenewalWindow(BigInteger serial, Instant start, Instant end) {
		Objects.requireNonNull(serial, "serial must not be null");
		this.renewalWindows.put(serial, RenewalWindow.invalid(start, end));
	}

	/**
	 * Sets the suggested renewal window for every certificate without a window of its own.
	 * Without a default, renewal information for such a certificate returns status 404.
	 * @param start the start of the window
	 * @param end the end of the window, after {@code start}
	 * @throws IllegalArgumentException if {@code end} is not after {@code start}
	 */
	public void setDefaultRenewalWindow(Instant start, Instant end) {
		this.defaultRenewalWindow = RenewalWindow.valid(start, end, null);
	}

	/**
	 * Removes the renewal windows of all serials and the default window, so that renewal
	 * information returns status 404 for every certificate.
	 */
	public void clearRenewalWindows() {
		this.renewalWindows.clear();
		this.defaultRenewalWindow = null;
	}

	/**
	 * Sets the {@code Retry-After} header of renewal information responses, which is the
	 * time the client should wait before it fetches renewal information again.
	 * @param retryAfter a non-negative number of whole seconds; the default is
	 * {@link #DEFAULT_RENEWAL_RETRY_AFTER}
	 * @throws IllegalArgumentException if the duration is negative or has a fraction of a
	 * second
	 */
	public void setRenewalRetryAfter(Duration retryAfter) {
		this.renewalRetryAfter = requireWholeSeconds("retryAfter", retryAfter);
	}

	/**
	 * Returns the renewal information requests since the start or the last
	 * {@link #reset()}, including rejected ones.
	 * @return the requests in the order they arrived
	 */
	public List<RenewalInfoRequest> renewalInfoRequests() {
		return List.copyOf(this.renewalInfoRequests);
	}

	/**
	 * Counts the renewal information requests for a certificate serial since the start or
	 * the last {@link #reset()}.
	 * @param serial the certificate serial number
	 * @return the number of requests whose certID contained this serial
	 */
	public long countRenewalInfoRequests(BigInteger serial) {
		return this.renewalInfoRequests.stream().filter((request) -> serial.equals(request.serial())).count();
	}

	/**
	 * Makes the directory list the stub's {@code newOrder} URL, which rejects every new
	 * order with status 429 and {@code Retry-After} in seconds.
	 * @param retryAfter a non-negative number of whole seconds
	 * @throws IllegalArgumentException if the duration is negative or has a fraction of a
	 * second
	 */
	public void rateLimitNewOrders(Duration retryAfter) {
		this.rateLimitRetryAfter = Long.toString(requireWholeSeconds("retryAfter", retryAfter).toSeconds());
	}

	/**
	 * Makes the directory list the stub's {@code newOrder} URL, which rejects every new
	 * order with status 429 and {@code Retry-After} as an HTTP-date.
	 * @param retryAt the time to send, in whole seconds because an HTTP-date has no
	 * fraction
	 * @throws IllegalArgumentException if the time has a fraction of a second
	 */
	public void rateLimitNewOrdersUntil(Instant retryAt) {
		Objects.requireNonNull(retryAt, "retryAt must not be null");
		if (retryAt.getNano() != 0) {
			throw new IllegalArgumentException(
					"retryAt must be whole seconds because an HTTP-date has no fraction, but was " + retryAt
							+ ". Use Instant.truncatedTo(ChronoUnit.SECONDS).");
		}
		this.rateLimitRetryAfter = HTTP_DATE.format(retryAt);
	}

	/**
	 * Makes the directory list Pebble's {@code newOrder} URL again, so that new orders reach
	 * Pebble once the client fetches the directory again.
	 */
	public void stopRateLimiting() {
		this.rateLimitRetryAfter = null;
	}

	/**
	 * Returns whether the directory lists the stub's rate-limited {@code newOrder} URL.
	 * @return {@code true} between {@link #rateLimitNewOrders(Duration)} or
	 * {@link #rateLimitNewOrdersUntil(Instant)} and {@link #stopRateLimiting()}
	 */
	public boolean isRateLimitingNewOrders() {
		return this.rateLimitRetryAfter != null;
	}

	/**
	 * Returns the requests to the stub's {@code /new-order} since the start or the last
	 * {@link #reset()}. Orders that went to Pebble are not included.
	 * @return the requests in the order they arrived
	 */
	public List<NewOrderRequest> newOrderRequests() {
		return List.copyOf(this.newOrderRequests);
	}

	/**
	 * Counts the new orders that the stub rejected with status 429 since the start or the
	 * last {@link #reset()}.
	 * @return the number of rate-limited new orders
	 */
	public long countRateLimitedNewOrders() {
		return this.newOrderRequests.stream().filter((request) -> request.status() == 429).count();
	}

	/**
	 * Restores the state after {@link #start(PebbleServer)}: renewal information is
	 * advertised without any window and with the default {@code Retry-After}, new orders go
	 * to Pebble, and the recorded requests are cleared.
	 */
	public void reset() {
		stopRateLimiting();
		clearRenewalWindows();
		this.renewalInfoAdvertised = true;
		this.renewalRetryAfter = DEFAULT_RENEWAL_RETRY_AFTER;
		this.renewalInfoRequests.clear();
		this.newOrderRequests.clear();
	}

	/**
	 * Stops the HTTPS listener and its threads. Pebble keeps running. Calling it again does
	 * nothing.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try {
			Response response;
			try {
				response = route(exchange);
			}
			catch (UncheckedIOException ex) {
				logger.warn("Failed to reach Pebble for " + describe(exchange), ex);
				response = Response.problem(502, "serverInternal",
						"The ACME directory stub failed to reach Pebble at " + this.pebble.directoryUri() + ": " + ex);
			}
			catch (RuntimeException ex) {
				logger.warn("Failed to handle " + describe(exchange), ex);
				response = Response.problem(500, "serverInternal", "The ACME directory stub failed: " + ex);
			}
			send(exchange, response);
		}
		finally {
			exchange.close();
		}
	}

	private static String describe(HttpExchange exchange) {
		return exchange.getRequestMethod() + " " + exchange.getRequestURI();
	}

	private Response route(HttpExchange exchange) throws IOException {
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getRawPath();
		if (path.equals(DIRECTORY_PATH)) {
			return method.equals("GET") ? directory() : methodNotAllowed(method, path, "GET");
		}
		if (path.startsWith(RENEWAL_INFO_PATH + "/")) {
			return method.equals("GET") ? renewalInfo(path.substring(RENEWAL_INFO_PATH.length() + 1))
					: methodNotAllowed(method, path, "GET");
		}
		if (path.equals(NEW_ORDER_PATH)) {
			return method.equals("POST") ? newOrder(exchange) : methodNotAllowed(method, path, "POST");
		}
		return Response.problem(404, "malformed", "The ACME directory stub has no resource at " + path
				+ ". It serves only " + DIRECTORY_PATH + ", " + RENEWAL_INFO_PATH + "/<certID> and " + NEW_ORDER_PATH
				+ ", and every other URL in its directory is Pebble's.");
	}

	private Response directory() {
		Map<String, Object> directory = fetchPebbleDirectory();
		if (this.rateLimitRetryAfter != null) {
			directory.put("newOrder", newOrderUri().toString());
		}
		if (this.renewalInfoAdvertised) {
			directory.put("renewalInfo", renewalInfoUri().toString());
		}
		return Response.json(200, JSON.fromMap(directory).toString()).withHeader("Cache-Control", "no-store");
	}

	private Response renewalInfo(String certId) {
		BigInteger serial;
		try {
			serial = parseSerial(certId);
		}
		catch (IllegalArgumentException ex) {
			this.renewalInfoRequests.add(new RenewalInfoRequest(certId, null, 400));
			return Response.problem(400, "malformed", ex.getMessage());
		}

		RenewalWindow window = this.renewalWindows.get(serial);
		if (window == null) {
			window = this.defaultRenewalWindow;
		}
		if (window == null) {
			this.renewalInfoRequests.add(new RenewalInfoRequest(certId, serial, 404));
			return Response.problem(404, "malformed", "No renewal window is set for the certificate with serial "
					+ serial.toString(16) + ". Call setRenewalWindow or setDefaultRenewalWindow on the stub.");
		}

		JSONBuilder body = new JSONBuilder();
		body.object("suggestedWindow").put("start", window.start().toString()).put("end", window.end().toString());
		if (window.explanationUrl() != null) {
			body.put("explanationURL", window.explanationUrl().toString());
		}
		this.renewalInfoRequests.add(new RenewalInfoRequest(certId, serial, 200));
		return Response.json(200, body.toString())
			.withHeader("Retry-After", Long.toString(this.renewalRetryAfter.toSeconds()));
	}

	private Response newOrder(HttpExchange exchange) throws IOException {
		String payload;
		try (InputStream body = exchange.getRequestBody()) {
			payload = decodeJwsPayload(new String(body.readAllBytes(), StandardCharsets.UTF_8));
		}
		String retryAfter = this.rateLimitRetryAfter;
		// acme4j 4.0.0 signs its next request with the Replay-Nonce of the last response,
		// errors included, so the nonce must be one that Pebble accepts.
		String nonce = fetchPebbleNonce();
		if (retryAfter == null) {
			this.newOrderRequests.add(new NewOrderRequest(payload, 503));
			return Response
				.problem(503, "serverInternal",
						"The ACME directory stub no longer rate-limits new orders, and its directory lists Pebble's "
								+ "newOrder URL again. Fetch the directory again and retry.")
				.withHeader("Replay-Nonce", nonce);
		}
		this.newOrderRequests.add(new NewOrderRequest(payload, 429));
		return Response
			.problem(429, "rateLimited",
					"The ACME directory stub rate-limits new orders. Retry after " + retryAfter + ".")
			.withHeader("Retry-After", retryAfter)
			.withHeader("Replay-Nonce", nonce);
	}

	private static Response methodNotAllowed(String method, String path, String allowed) {
		return Response.problem(405, "malformed", method + " is not allowed on " + path + ". Use " + allowed + ".")
			.withHeader("Allow", allowed);
	}

	/**
	 * Fetches Pebble's directory and remembers its {@code newNonce} URL.
	 * @return a mutable copy of the directory
	 * @throws UncheckedIOException if Pebble cannot be reached
	 * @throws IllegalStateException if Pebble returns another status than 200 or a
	 * directory without {@code newNonce}
	 */
	private Map<String, Object> fetchPebbleDirectory() {
		HttpRequest request = HttpRequest.newBuilder(this.pebble.directoryUri()).GET().timeout(REQUEST_TIMEOUT).build();
		HttpResponse<String> response = sendToPebble(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET " + request.uri() + " returned status " + response.statusCode() + ": "
					+ response.body());
		}
		Map<String, Object> directory = new LinkedHashMap<>(JSON.parse(response.body()).toMap());
		Object newNonce = directory.get("newNonce");
		if (!(newNonce instanceof String)) {
			throw new IllegalStateException("Pebble's directory lacks newNonce: " + response.body());
		}
		this.pebbleNewNonceUri = URI.create((String) newNonce);
		return directory;
	}

	private String fetchPebbleNonce() {
		URI newNonce = this.pebbleNewNonceUri;
		HttpRequest request = HttpRequest.newBuilder(newNonce)
			.method("HEAD", HttpRequest.BodyPublishers.noBody())
			.timeout(REQUEST_TIMEOUT)
			.build();
		HttpResponse<Void> response = sendToPebble(request, HttpResponse.BodyHandlers.discarding());
		return response.headers()
			.firstValue("Replay-Nonce")
			.orElseThrow(() -> new IllegalStateException(
					"HEAD " + newNonce + " returned status " + response.statusCode() + " without Replay-Nonce"));
	}

	private <T> HttpResponse<T> sendToPebble(HttpRequest request, HttpResponse.BodyHandler<T> bodyHandler) {
		try {
			return this.pebble.httpClient().send(request, bodyHandler);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted during " + request.method() + " " + request.uri(), ex);
		}
	}

	private URI stubUri(String path) {
		return URI.create("https://" + LOOPBACK + ":" + this.server.getAddress().getPort() + path);
	}

	/**
	 * Parses the certificate serial number out of an RFC 9773 certID, which is the
	 * base64url-encoded key identifier of the certificate's Authority Key Identifier, a
	 * dot, and the base64url-encoded serial number, both without padding.
	 * @param certId the last path segment of a renewal information request
	 * @return the positive serial number
	 * @throws IllegalArgumentException if the certID has another form
	 */
	static BigInteger parseSerial(String certId) {
		String[] parts = certId.split("\\.", -1);
		if (parts.length != 2 || !BASE64URL_WITHOUT_PADDING.matcher(parts[0]).matches()
				|| !BASE64URL_WITHOUT_PADDING.matcher(parts[1]).matches()) {
			throw new IllegalArgumentException("Invalid certID '" + certId
					+ "'. Expected the base64url key identifier of the Authority Key Identifier, a dot, and the "
					+ "base64url serial number, both without padding.");
		}
		byte[] serialBytes;
		try {
			Base64.getUrlDecoder().decode(parts[0]);
			serialBytes = Base64.getUrlDecoder().decode(parts[1]);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid base64url in certID '" + certId + "': " + ex.getMessage(), ex);
		}
		// The serial part is the content octets of the DER INTEGER in two's complement, so
		// a serial whose top bit is set starts with a zero byte.
		BigInteger serial = new BigInteger(serialBytes);
		if (serial.signum() <= 0) {
			throw new IllegalArgumentException(
					"Invalid certID '" + certId + "': the serial number must be positive, but was " + serial);
		}
		return serial;
	}

	/**
	 * Decodes the payload of a JWS in flattened JSON serialization, as ACME clients send it.
	 * @return the payload text, or an empty string if the body is not such a JWS
	 */
	private static String decodeJwsPayload(String body) {
		try {
			String payload = JSON.parse(body).get("payload").asString();
			return new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
		}
		catch (AcmeProtocolException | IllegalArgumentException ex) {
			return "";
		}
	}

	private static Duration requireWholeSeconds(String name, Duration duration) {
		Objects.requireNonNull(duration, name + " must not be null");
		if (duration.isNegative() || duration.getNano() != 0) {
			throw new IllegalArgumentException(
					name + " must be a non-negative number of whole seconds, but was " + duration);
		}
		return duration;
	}

	private static void send(HttpExchange exchange, Response response) throws IOException {
		response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
		exchange.getResponseHeaders().set("Content-Type", response.contentType());
		byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(response.status(), body.length);
		exchange.getResponseBody().write(body);
	}

	private static SSLContext serverSslContext(PebbleTlsFiles tlsFiles) {
		try {
			X509Certificate certificate = readCertificate(tlsFiles.listenerCertificate());
			PrivateKey privateKey = readPrivateKey(tlsFiles.listenerPrivateKey());
			// The key store lives only in memory, so its password protects nothing.
			char[] password = "in-memory".toCharArray();
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			keyStore.load(null, null);
			keyStore.setKeyEntry("listener", privateKey, password, new Certificate[] { certificate });
			KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(keyStore, password);
			SSLContext sslContext = SSLContext.getInstance("TLS");
			sslContext.init(keyManagers.getKeyManagers(), null, null);
			return sslContext;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Failed to build the TLS context of the ACME directory stub from "
					+ tlsFiles.listenerCertificate() + " and " + tlsFiles.listenerPrivateKey(), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to read the TLS files of the ACME directory stub", ex);
		}
	}

	private static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
		try (InputStream input = Files.newInputStream(file)) {
			return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(input);
		}
	}

	private static PrivateKey readPrivateKey(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
				PEMParser parser = new PEMParser(reader)) {
			Object pem = parser.readObject();
			if (!(pem instanceof PrivateKeyInfo privateKeyInfo)) {
				throw new IOException("Expected a PKCS#8 private key in " + file + ", but found " + pem);
			}
			return new JcaPEMKeyConverter().getPrivateKey(privateKeyInfo);
		}
	}

	/**
	 * A renewal information request that reached the stub.
	 *
	 * @param certId the certID from the request path
	 * @param serial the serial number parsed from the certID, or {@code null} if the certID
	 * was invalid
	 * @param status the HTTP status of the response: 200 with a window, 404 without one,
	 * or 400 for an invalid certID
	 */
	public record RenewalInfoRequest(String certId, BigInteger serial, int status) {
	}

	/**
	 * A request to the stub's {@code /new-order}.
	 *
	 * @param payload the decoded JWS payload, such as
	 * {@code {"identifiers":[...],"replaces":"..."}}, or an empty string if the body was not
	 * a JWS in flattened JSON serialization
	 * @param status the HTTP status of the response: 429 while rate limiting, 503 after
	 * {@link AcmeDirectoryStub#stopRateLimiting()}
	 */
	public record NewOrderRequest(String payload, int status) {

		/**
		 * Parses the payload as the JSON new-order request.
		 * @return the payload, or an empty JSON object if the payload was empty
		 */
		public JSON payloadJson() {
			return this.payload.isEmpty() ? JSON.empty() : JSON.parse(this.payload);
		}

	}

	/**
	 * A suggested renewal window, which is invalid when {@code end} is not after
	 * {@code start}.
	 */
	private record RenewalWindow(Instant start, Instant end, URI explanationUrl) {

		static RenewalWindow valid(Instant start, Instant end, URI explanationUrl) {
			Objects.requireNonNull(start, "start must not be null");
			Objects.requireNonNull(end, "end must not be null");
			if (!end.isAfter(start)) {
				throw new IllegalArgumentException("The renewal window end " + end + " must be after its start " + start
						+ ". Use setInvalidRenewalWindow to send an invalid window on purpose.");
			}
			return new RenewalWindow(start, end, explanationUrl);
		}

		static RenewalWindow invalid(Instant start, Instant end) {
			Objects.requireNonNull(start, "start must not be null");
			Objects.requireNonNull(end, "end must not be null");
			if (end.isAfter(start)) {
				throw new IllegalArgumentException("An invalid renewal window needs an end " + end
						+ " equal to or before its start " + start + ". Use setRenewalWindow for a valid window.");
			}
			return new RenewalWindow(start, end, null);
		}

	}

	private record Response(int status, String contentType, String body, Map<String, String> headers) {

		static Response json(int status, String body) {
			return new Response(status, "application/json", body, Map.of());
		}

		static Response problem(int status, String errorType, String detail) {
			String body = new JSONBuilder().put("type", ERROR_TYPE_PREFIX + errorType)
				.put("detail", detail)
				.put("status", status)
				.toString();
			return new Response(status, "application/problem+json", body, Map.of());
		}

		Response withHeader(String name, String value) {
			Map<String, String> headers = new LinkedHashMap<>(this.headers);
			headers.put(name, value);
			return new Response(this.status, this.contentType, this.body, headers);
		}

	}

}

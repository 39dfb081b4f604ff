package dev.acmeboot.autoconfigure.pebble;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * Client side of tests against {@link PebbleServer} and {@link AcmeDirectoryStub}:
 * acme4j sessions and HTTP requests that trust {@link PebbleServer#trustCertificatePem()},
 * key pairs, and an HTTP-01 responder for the challenges.
 */
final class PebbleClients {

	private static final String CHALLENGE_PATH = "/.well-known/acme-challenge/";

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	private PebbleClients() {
	}

	/**
	 * Creates an acme4j session for a directory whose server presents the certificate of
	 * Pebble's HTTPS listeners, such as {@link PebbleServer#directoryUri()} or
	 * {@link AcmeDirectoryStub#directoryUri()}.
	 * <p>
	 * The session keeps the directory handling of acme4j 4.0.0, which fetches the
	 * directory again before each lookup when the server sends no caching headers. So the
	 * session follows the switches of {@link AcmeDirectoryStub} at once, unlike a session
	 * from the main code's {@code AcmeSessionFactory}, which reuses a fetched directory
	 * for 5 seconds.
	 * @param pebble the server whose listener CA the session trusts
	 * @param directory the directory URI
	 * @return the session
	 */
	static Session newSession(PebbleServer pebble, URI directory) {
		return new Session(directory, new GenericAcmeProvider() {

			@Override
			public HttpClient createHttpClient(NetworkSettings settings) {
				return HttpClient.newBuilder()
					.sslContext(pebble.clientSslContext())
					.proxy(HttpClient.Builder.NO_PROXY)
					.connectTimeout(settings.getTimeout())
					.build();
			}

		});
	}

	/**
	 * Sends a request with a new HTTP client that trusts only the listener CA of Pebble,
	 * uses no proxy and times out after 5 seconds.
	 * @param pebble the server whose listener CA the client trusts
	 * @param request the request, without a timeout
	 * @return the response with the body decoded as UTF-8
	 * @throws IOException if the request fails
	 * @throws InterruptedException if the thread is interrupted while waiting
	 */
	static HttpResponse<String> send(PebbleServer pebble, HttpRequest.Builder request)
			throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder()
			.sslContext(pebble.clientSslContext())
			.proxy(HttpClient.Builder.NO_PROXY)
			.connectTimeout(REQUEST_TIMEOUT)
			.build();
		return client.send(request.timeout(REQUEST_TIMEOUT).build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	/**
	 * Starts an HTTP server on {@code 127.0.0.1} that responds to HTTP-01 challenge
	 * requests with the key authorization for their token, or with status 404 for an
	 * unknown token.
	 * @param port the port, usually {@link PebbleServer#httpValidationPort()}
	 * @param keyAuthorizations the key authorizations by token, which the test may change
	 * while the server runs
	 * @return the started server, which the caller stops
	 * @throws IOException if the server cannot bind the port
	 */
	static HttpServer startChallengeResponder(int port, Map<String, String> keyAuthorizations) throws IOException {
		HttpServer responder = HttpServer.create(new InetSocketAddress(TestProcesses.LOOPBACK, port), 0);
		responder.createContext(CHALLENGE_PATH, (exchange) -> {
			String token = exchange.getRequestURI().getPath().substring(CHALLENGE_PATH.length());
			String keyAuthorization = keyAuthorizations.get(token);
			if (keyAuthorization == null) {
				exchange.sendResponseHeaders(404, -1);
			}
			else {
				byte[] body = keyAuthorization.getBytes(StandardCharsets.US_ASCII);
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
			}
			exchange.close();
		});
		responder.start();
		return responder;
	}

	/**
	 * Generates an EC key pair on the P-256 curve, for accounts and certificates.
	 * @return the key pair
	 * @throws GeneralSecurityException if the JVM lacks the curve
	 */
	static KeyPair newKeyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

}

package dev.acmeboot.autoconfigure.integration;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.acmeboot.autoconfigure.challenge.Http01TokenStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that the plain-HTTP connector must not answer with a token, a file or a
 * redirect, sent over a raw socket to a running application on loopback. The CA is
 * unreachable, so the application serves its placeholder and only logs failed
 * issuance.
 */
class PlainHttpConnectorIntegrationTests {

	private static final String HOST = "app.example.test";

	private static final String TOKEN = "known_token-1";

	private static final String KEY_AUTHORIZATION = TOKEN + ".thumbprint";

	private static final String CHALLENGE = "/.well-known/acme-challenge/";

	@TempDir
	static Path storage;

	private static ConfigurableApplicationContext context;

	private static int httpPort;

	private static int httpsPort;

	@BeforeAll
	static void startApplication() {
		context = start(storage.resolve("redirecting"));
		httpPort = AcmeApplicationRunner.httpPort(context);
		httpsPort = AcmeApplicationRunner.httpsPort(context);
		context.getBean(Http01TokenStore.class).put(TOKEN, KEY_AUTHORIZATION);
	}

	@AfterAll
	static void stopApplication() {
		context.close();
	}

	@Test
	void knownTokenIsAnswered() throws IOException {
		HttpResponse<String> response = RawHttp.get(httpPort, CHALLENGE + TOKEN, HOST);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(KEY_AUTHORIZATION);
	}

	@Test
	void knownTokenIsAnsweredForAnyHost() throws IOException {
		HttpResponse<String> response = RawHttp.get(httpPort, CHALLENGE + TOKEN, "other.example");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(KEY_AUTHORIZATION);
	}

	static Stream<Arguments> challengeRequestsAnsweredWith404() {
		return Stream.of(Arguments.of("unknown token", CHALLENGE + "unknown_token"),
				Arguments.of("dot segment", CHALLENGE + "../x"),
				Arguments.of("dot segment before the folder", "/x/../.well-known/acme-challenge/" + TOKEN),
				Arguments.of("single dot segment", "/.well-known/./acme-challenge/" + TOKEN),
				Arguments.of("encoded dot segments", CHALLENGE + "%2e%2e/%2E%2E/x"),
				Arguments.of("encoded token character", CHALLENGE + "%6bnown_token-1"),
				Arguments.of("encoded folder name", "/%2ewell-known/acme-challenge/" + TOKEN),
				Arguments.of("path parameter on the token", CHALLENGE + TOKEN + ";jsessionid=1"),
				Arguments.of("path parameter on the folder", "/.well-known/acme-challenge;a=b/" + TOKEN),
				Arguments.of("encoded newline", CHALLENGE + TOKEN + "%0a"),
				Arguments.of("encoded header injection", CHALLENGE + TOKEN + "%0d%0aSet-Cookie:%20a=b"),
				Arguments.of("trailing slash", CHALLENGE + TOKEN + "/"),
				Arguments.of("empty token", CHALLENGE),
				Arguments.of("folder without slash", "/.well-known/acme-challenge"),
				Arguments.of("double slash before the token", CHALLENGE + "/" + TOKEN),
				Arguments.of("double slash at the start", "/" + CHALLENGE + TOKEN),
				Arguments.of("double slash inside the folder", "/.well-known//acme-challenge/" + TOKEN),
				Arguments.of("token of 8000 characters", CHALLENGE + "a".repeat(8000)),
				Arguments.of("file the application serves over HTTPS", CHALLENGE + "static-file-token"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void challengeRequestsAnsweredWith404(String description, String target) throws IOException {
		HttpResponse<String> response = RawHttp.get(httpPort, target, HOST);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).isEmpty();
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	static Stream<Arguments> challengeRequestsRejectedByTomcat() {
		return Stream.of(Arguments.of("dot segments above the root", CHALLENGE + "../../../x"),
				Arguments.of("encoded slash", CHALLENGE + "a%2Fb"), Arguments.of("encoded NUL", CHALLENGE + TOKEN + "%00"),
				Arguments.of("invalid percent-encoding", CHALLENGE + "%zz"),
				Arguments.of("fragment", CHALLENGE + TOKEN + "#x"), Arguments.of("angle brackets", CHALLENGE + "<x>"),
				Arguments.of("backslash", CHALLENGE + "a\\b"),
				Arguments.of("token of 64 KB", CHALLENGE + "a".repeat(64 * 1024)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void challengeRequestsRejectedByTomcat(String description, String target) throws IOException {
		HttpResponse<String> response = RawHttp.get(httpPort, target, HOST);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void rawNulInRequestLineIsRejected() throws IOException {
		HttpResponse<String> response = RawHttp.send(httpPort,
				"GET " + CHALLENGE + TOKEN + "\0 HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void rawNewlineInRequestLineGetsNothing() throws IOException {
		// Tomcat reads "GET <path>" ended by a bare newline as an HTTP/0.9 request,
		// whose response has no status line.
		String response = RawHttp.sendUnparsed(httpPort,
				"GET " + CHALLENGE + TOKEN + "\nX HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n");
		assertThat(response).isEmpty();
	}

	@Test
	void postToKnownTokenIsNotAnswered() throws IOException {
		HttpResponse<String> response = RawHttp.send(httpPort, "POST " + CHALLENGE + TOKEN + " HTTP/1.1\r\nHost: "
				+ HOST + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void staticFileInChallengeFolderIsServedOnlyOverHttps() throws Exception {
		try (TlsClient.Connection connection = TlsClient.connect(httpsPort, HOST)) {
			assertThat(connection.get(CHALLENGE + "static-file-token")).isEqualTo(200);
		}
		HttpResponse<String> response = RawHttp.get(httpPort, CHALLENGE + "static-file-token", HOST);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void configuredHostIsRedirectedWithPathAndQuery() throws IOException {
		HttpResponse<String> response = RawHttp.get(httpPort, "/some/path?a=1&b=%20", HOST);
		assertThat(response.statusCode()).isEqualTo(301);
		assertThat(response.headers().firstValue("Location"))
			.hasValue("https://" + HOST + ":" + httpsPort + "/some/path?a=1&b=%20");
		assertThat(response.body()).isEmpty();
	}

	@Test
	void hostMatchesIgnoringCaseTrailingDotAndPort() throws IOException {
		HttpResponse<String> response = RawHttp.get(httpPort, "/", "WWW.App.Example.TEST.:80");
		assertThat(response.statusCode()).isEqualTo(301);
		assertThat(response.headers().firstValue("Location")).hasValue("https://www." + HOST + ":" + httpsPort + "/");
	}

	@Test
	void absoluteFormWithConfiguredHostIsRedirected() throws IOException {
		HttpResponse<String> response = RawHttp.get(httpPort, "http://" + HOST + "/x?q=1", HOST);
		assertThat(response.statusCode()).isEqualTo(301);
		assertThat(response.headers().firstValue("Location")).hasValue("https://" + HOST + ":" + httpsPort + "/x?q=1");
	}

	static Stream<Arguments> hostsAnsweredWith404() {
		return Stream.of(Arguments.of("other host", "attacker.example"),
				Arguments.of("subdomain of a configured name", "x." + HOST),
				Arguments.of("parent of a configured name", "example.test"),
				Arguments.of("configured name as a suffix", "evil" + HOST),
				Arguments.of("IPv4 address", "127.0.0.1"), Arguments.of("IPv6 literal", "[::1]"),
				Arguments.of("IPv6 literal with port", "[::1]:80"), Arguments.of("empty host", ""));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void hostsAnsweredWith404(String description, String host) throws IOException {
		HttpResponse<String> response = RawHttp.get(httpPort, "/path", host);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).isEmpty();
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void absoluteFormWithItsOwnHostIsNotRedirected() throws IOException {
		HttpResponse<String> response = RawHttp.get(httpPort, "http://attacker.example/", "attacker.example");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).isEmpty();
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void http10WithoutHostIsNotRedirected() throws IOException {
		HttpResponse<String> response = RawHttp.send(httpPort, "GET /path HTTP/1.0\r\n\r\n");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).isEmpty();
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	static Stream<Arguments> requestsRejectedByTomcat() {
		return Stream.of(
				Arguments.of("absolute form with a different host",
						"GET http://attacker.example/ HTTP/1.1\r\nHost: " + HOST + "\r\n", 400),
				Arguments.of("missing Host header", "GET /path HTTP/1.1\r\n", 400),
				Arguments.of("two Host headers", "GET /path HTTP/1.1\r\nHost: " + HOST + "\r\nHost: attacker.example\r\n",
						400),
				Arguments.of("user info in Host", "GET /path HTTP/1.1\r\nHost: attacker.example@" + HOST + "\r\n", 400),
				Arguments.of("asterisk target", "GET * HTTP/1.1\r\nHost: " + HOST + "\r\n", 400),
				Arguments.of("header over the size limit",
						"GET /path HTTP/1.1\r\nHost: " + HOST + "\r\nX-Filler: " + "a".repeat(64 * 1024) + "\r\n", 400),
				Arguments.of("malformed request line", "garbage\r\n", 400),
				Arguments.of("TRACE method", "TRACE /path HTTP/1.1\r\nHost: " + HOST + "\r\n", 405),
				Arguments.of("unknown HTTP version", "GET /path HTTP/9.9\r\nHost: " + HOST + "\r\n", 505));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void requestsRejectedByTomcat(String description, String requestHead, int status) throws IOException {
		HttpResponse<String> response = RawHttp.send(httpPort, requestHead + "Connection: close\r\n\r\n");
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.body()).isEmpty();
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void redirectTurnedOffAnswersConfiguredHostWith404() throws IOException {
		try (ConfigurableApplicationContext withoutRedirect = start(storage.resolve("not-redirecting"),
				"acme.http-redirect=false")) {
			int port = AcmeApplicationRunner.httpPort(withoutRedirect);
			withoutRedirect.getBean(Http01TokenStore.class).put(TOKEN, KEY_AUTHORIZATION);

			HttpResponse<String> page = RawHttp.get(port, "/path?q=1", HOST);
			assertThat(page.statusCode()).isEqualTo(404);
			assertThat(page.body()).isEmpty();
			assertThat(page.headers().firstValue("Location")).isEmpty();

			HttpResponse<String> challenge = RawHttp.get(port, CHALLENGE + TOKEN, HOST);
			assertThat(challenge.statusCode()).isEqualTo(200);
			assertThat(challenge.body()).isEqualTo(KEY_AUTHORIZATION);
		}
	}

	private static ConfigurableApplicationContext start(Path storageLocation, String... properties) {
		return new SpringApplicationBuilder(IntegrationTestApplication.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "server.address=127.0.0.1", "acme.http-port=0",
					"acme.domains=" + HOST + ",www." + HOST, "acme.accept-terms-of-service=true",
					"acme.directory-url=https://127.0.0.1:1/dir", "acme.storage-location=" + storageLocation,
					"spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

}

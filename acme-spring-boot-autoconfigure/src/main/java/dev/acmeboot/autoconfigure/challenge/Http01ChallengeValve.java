package dev.acmeboot.autoconfigure.challenge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.jspecify.annotations.Nullable;

/**
 * Tomcat engine valve that handles every request on the plain-HTTP connector before any
 * servlet filter sees it, so that security filters, catch-all mappings or rate limiters
 * cannot block the CA:
 * <ul>
 * <li>{@code GET} or {@code HEAD /.well-known/acme-challenge/{token}} returns the key
 * authorization as {@code text/plain} for a token in the {@link Http01TokenStore}. Any
 * other request whose raw or decoded path is in that folder gets 404 with an empty body,
 * so only the exact form the CA sends gets a key authorization, and nothing but the
 * token store is ever read.</li>
 * <li>Any other request for a configured name is redirected to HTTPS with 301, keeping
 * path and query, unless redirects are turned off.</li>
 * <li>Everything else gets 404 with an empty body, so the connector never redirects to
 * a host the application does not own.</li>
 * <li>A request that Tomcat has already rejected, such as one with an invalid URI, a
 * missing {@code Host} header or a {@code Host} header that differs from an
 * absolute-form request target, keeps Tomcat's status (400, 405, 505) and gets an empty
 * body. Tomcat 11 still passes such requests through the pipeline with the error status
 * set, and because this valve ends the pipeline, the host's error report valve never
 * renders an HTML error page for them.</li>
 * </ul>
 * The application's servlets never see requests on this connector. Requests on other
 * connectors pass through untouched.
 *
 * @author ACME Spring Boot contributors
 */
public class Http01ChallengeValve extends ValveBase {

	static final String CHALLENGE_FOLDER = "/.well-known/acme-challenge";

	static final String CHALLENGE_PATH = CHALLENGE_FOLDER + "/";

	/**
	 * HTTP versions that get a response. Tomcat reports an HTTP/0.9 request with an
	 * empty protocol, and an HTTP/0.9 response has no status line to carry a redirect.
	 */
	private static final Set<String> ANSWERED_PROTOCOLS = Set.of("HTTP/1.0", "HTTP/1.1");

	private static final Set<String> CHALLENGE_METHODS = Set.of("GET", "HEAD");

	private final Connector connector;

	private final Http01TokenStore tokens;

	private final ConfiguredHosts hosts;

	private final IntSupplier httpsPort;

	private final boolean redirect;

	/**
	 * Creates a valve that redirects requests for the configured names to HTTPS.
	 * @param connector the plain-HTTP connector whose requests this valve handles
	 * @param tokens the tokens to serve
	 * @param domains the normalized names that may be redirected to HTTPS
	 * @param httpsPort supplies the port of the HTTPS connector, or -1 while unknown
	 */
	public Http01ChallengeValve(Connector connector, Http01TokenStore tokens, List<String> domains,
			IntSupplier httpsPort) {
		this(connector, tokens, domains, httpsPort, true);
	}

	/**
	 * Creates a valve.
	 * @param connector the plain-HTTP connector whose requests this valve handles
	 * @param tokens the tokens to serve
	 * @param domains the normalized names that may be redirected to HTTPS
	 * @param httpsPort supplies the port of the HTTPS connector, or -1 while unknown
	 * @param redirect whether requests for the configured names are redirected to HTTPS.
	 * When false, they get 404.
	 */
	public Http01ChallengeValve(Connector connector, Http01TokenStore tokens, List<String> domains,
			IntSupplier httpsPort, boolean redirect) {
		super(true);
		this.connector = connector;
		this.tokens = tokens;
		this.hosts = new ConfiguredHosts(domains);
		this.httpsPort = httpsPort;
		this.redirect = redirect;
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		if (request.getConnector() != this.connector) {
			getNext().invoke(request, response);
			return;
		}
		if (response.isError() || response.getStatus() >= HttpServletResponse.SC_BAD_REQUEST) {
			emptyResponse(response, response.getStatus());
			return;
		}
		if (!ANSWERED_PROTOCOLS.contains(request.getProtocol())) {
			emptyResponse(response, HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		if (isChallengeRequest(request)) {
			answerChallenge(request, response);
			return;
		}
		if (this.redirect) {
			redirect(request, response);
			return;
		}
		emptyResponse(response, HttpServletResponse.SC_NOT_FOUND);
	}

	/**
	 * Returns whether the request targets the challenge folder, either as sent or after
	 * Tomcat has decoded the path, removed path parameters and resolved dot segments.
	 */
	private static boolean isChallengeRequest(Request request) {
		return isInChallengeFolder(request.getRequestURI()) || isInChallengeFolder(request.getDecodedRequestURI());
	}

	private static boolean isInChallengeFolder(@Nullable String path) {
		return path != null && (path.equals(CHALLENGE_FOLDER) || path.startsWith(CHALLENGE_PATH));
	}

	private void answerChallenge(Request request, Response response) throws IOException {
		Optional<String> keyAuthorization = findKeyAuthorization(request);
		if (keyAuthorization.isEmpty()) {
			emptyResponse(response, HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		byte[] body = keyAuthorization.get().getBytes(StandardCharsets.US_ASCII);
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType("text/plain");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/**
	 * Returns the key authorization when the raw path is exactly the challenge path
	 * followed by a well-formed token that is currently offered. Percent-encoding, path
	 * parameters, extra slashes and dot segments all fail the token check.
	 */
	private Optional<String> findKeyAuthorization(Request request) {
		String path = request.getRequestURI();
		if (!CHALLENGE_METHODS.contains(request.getMethod()) || path == null || !path.startsWith(CHALLENGE_PATH)) {
			return Optional.empty();
		}
		return this.tokens.get(path.substring(CHALLENGE_PATH.length()));
	}

	private void redirect(Request request, Response response) {
		Optional<String> host = this.hosts.match(request.getServerName());
		String path = request.getRequestURI();
		int port = this.httpsPort.getAsInt();
		if (host.isEmpty() || path == null || !path.startsWith("/") || port < 0) {
			emptyResponse(response, HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		StringBuilder location = new StringBuilder("https://").append(host.get());
		if (port != 443) {
			location.append(':').append(port);
		}
		location.append(path);
		if (request.getQueryString() != null) {
			location.append('?').append(request.getQueryString());
		}
		response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
		response.setHeader("Location", location.toString());
		response.setContentLength(0);
	}

	private static void emptyResponse(Response response, int status) {
		response.setStatus(status);
		response.setContentLength(0);
	}

}

package dev.acmeboot.autoconfigure.challenge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntSupplier;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

import dev.acmeboot.autoconfigure.certificate.DomainNames;

/**
 * Tomcat engine valve that handles every request on the plain-HTTP connector before any
 * servlet filter sees it, so that security filters, catch-all mappings or rate limiters
 * cannot block the CA:
 * <ul>
 * <li>{@code /.well-known/acme-challenge/{token}} returns the key authorization as
 * {@code text/plain} for a token in the {@link Http01TokenStore}, and 404 with an empty
 * body for anything else;</li>
 * <li>any other request for a configured name is redirected to HTTPS with 301;</li>
 * <li>any other host gets 404, so the connector never redirects to a host the
 * application does not own.</li>
 * </ul>
 * Requests on other connectors pass through untouched.
 *
 * @author ACME Spring Boot contributors
 */
public class Http01ChallengeValve extends ValveBase {

	static final String CHALLENGE_PATH = "/.well-known/acme-challenge/";

	private final Connector connector;

	private final Http01TokenStore tokens;

	private final List<String> domains;

	private final IntSupplier httpsPort;

	/**
	 * Creates a valve.
	 * @param connector the plain-HTTP connector whose requests this valve handles
	 * @param tokens the tokens to answer
	 * @param domains the normalized names that may be redirected to HTTPS
	 * @param httpsPort supplies the port of the HTTPS connector, or -1 while unknown
	 */
	public Http01ChallengeValve(Connector connector, Http01TokenStore tokens, List<String> domains,
			IntSupplier httpsPort) {
		super(true);
		this.connector = connector;
		this.tokens = tokens;
		this.domains = List.copyOf(domains);
		this.httpsPort = httpsPort;
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		if (request.getConnector() != this.connector) {
			getNext().invoke(request, response);
			return;
		}
		String path = request.getRequestURI();
		if (path != null && path.startsWith(CHALLENGE_PATH)) {
			answerChallenge(path.substring(CHALLENGE_PATH.length()), response);
			return;
		}
		redirect(request, response);
	}

	private void answerChallenge(String token, Response response) throws IOException {
		Optional<String> keyAuthorization = this.tokens.get(token);
		if (keyAuthorization.isEmpty()) {
			notFound(response);
			return;
		}
		byte[] body = keyAuthorization.get().getBytes(StandardCharsets.US_ASCII);
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType("text/plain");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	private void redirect(Request request, Response response) throws IOException {
		Optional<String> host = normalizeHost(request.getServerName());
		int port = this.httpsPort.getAsInt();
		if (host.isEmpty() || port < 0 || this.domains.stream().noneMatch((name) -> DomainNames.covers(name, host.get()))) {
			notFound(response);
			return;
		}
		StringBuilder location = new StringBuilder("https://").append(host.get());
		if (port != 443) {
			location.append(':').append(port);
		}
		location.append(request.getRequestURI());
		if (request.getQueryString() != null) {
			location.append('?').append(request.getQueryString());
		}
		response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
		response.setHeader("Location", location.toString());
		response.setContentLength(0);
	}

	private static Optional<String> normalizeHost(String serverName) {
		if (serverName == null || serverName.isEmpty()) {
			return Optional.empty();
		}
		String host = serverName.toLowerCase(Locale.ROOT);
		if (host.endsWith(".")) {
			host = host.substring(0, host.length() - 1);
		}
		return host.isEmpty() ? Optional.empty() : Optional.of(host);
	}

	private static void notFound(Response response) {
		response.setStatus(HttpServletResponse.SC_NOT_FOUND);
		response.setContentLength(0);
	}

}

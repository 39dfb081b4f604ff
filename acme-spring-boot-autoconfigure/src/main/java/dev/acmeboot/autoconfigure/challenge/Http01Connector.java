package dev.acmeboot.autoconfigure.challenge;

import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The plain-HTTP connector that serves HTTP-01 challenge responses, and what is known of the
 * ports once the web server runs.
 *
 * @author ACME Spring Boot contributors
 */
public class Http01Connector implements ApplicationListener<WebServerInitializedEvent> {

	private static final Log logger = LogFactory.getLog(Http01Connector.class);

	private final int port;

	private final boolean redirect;

	private volatile @Nullable Connector connector;

	private volatile int httpsPort = -1;

	/**
	 * Creates a holder for a connector on the given port that redirects requests for the
	 * configured names to HTTPS.
	 * @param port the port to listen on, 0 for a free port
	 */
	public Http01Connector(int port) {
		this(port, true);
	}

	/**
	 * Creates a holder for a connector on the given port.
	 * @param port the port to listen on, 0 for a free port
	 * @param redirect whether requests for the configured names that are not challenges
	 * are redirected to HTTPS. When false, they get 404.
	 */
	public Http01Connector(int port, boolean redirect) {
		this.port = port;
		this.redirect = redirect;
	}

	Connector create() {
		Connector created = new Connector("HTTP/1.1");
		created.setPort(this.port);
		this.connector = created;
		return created;
	}

	/**
	 * Returns the port the connector listens on.
	 * @return the local port once the web server runs, otherwise the configured port
	 */
	public int getPort() {
		Connector current = this.connector;
		if (current != null && current.getLocalPort() > 0) {
			return current.getLocalPort();
		}
		return this.port;
	}

	/**
	 * Returns whether requests for the configured names that are not challenges are
	 * redirected to HTTPS.
	 * @return whether redirects are on
	 */
	public boolean isRedirect() {
		return this.redirect;
	}

	/**
	 * Returns the port of the HTTPS connector that requests are redirected to.
	 * @return the HTTPS port, or -1 before the web server runs
	 */
	public int getHttpsPort() {
		return this.httpsPort;
	}

	/**
	 * Records the port of the HTTPS connector once the main web server runs.
	 * @param event the event of a web server that has started
	 */
	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() != null) {
			return;
		}
		this.httpsPort = event.getWebServer().getPort();
		if (this.redirect) {
			logger.info("Answering HTTP-01 challenges on port " + getPort() + " and redirecting to HTTPS port "
					+ this.httpsPort);
		}
		else {
			logger.info("Answering HTTP-01 challenges on port " + getPort()
					+ " and answering other requests with 404 because 'acme.http-redirect' is false");
		}
	}

}

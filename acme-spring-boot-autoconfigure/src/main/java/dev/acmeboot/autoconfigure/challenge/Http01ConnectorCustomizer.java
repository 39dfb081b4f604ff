package dev.acmeboot.autoconfigure.challenge;

import java.net.InetAddress;
import java.util.List;

import org.apache.catalina.connector.Connector;

import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Adds the plain-HTTP connector that serves HTTP-01 challenge responses, and the valve that
 * handles its requests, to the Tomcat web server. The connector binds to
 * {@code server.address} when it is set, like the HTTPS connector.
 *
 * @author ACME Spring Boot contributors
 */
public class Http01ConnectorCustomizer implements WebServerFactoryCustomizer<TomcatWebServerFactory> {

	private final Http01Connector connector;

	private final Http01TokenStore tokens;

	private final List<String> domains;

	/**
	 * Creates a customizer.
	 * @param connector the connector to add
	 * @param tokens the tokens the valve serves
	 * @param domains the normalized names that may be redirected to HTTPS
	 */
	public Http01ConnectorCustomizer(Http01Connector connector, Http01TokenStore tokens, List<String> domains) {
		this.connector = connector;
		this.tokens = tokens;
		this.domains = domains;
	}

	@Override
	public void customize(TomcatWebServerFactory factory) {
		Connector tomcatConnector = this.connector.create();
		InetAddress address = factory.getAddress();
		if (address != null) {
			tomcatConnector.setProperty("address", address.getHostAddress());
		}
		factory.addAdditionalConnectors(tomcatConnector);
		factory.addEngineValves(new Http01ChallengeValve(tomcatConnector, this.tokens, this.domains,
				this.connector::getHttpsPort, this.connector.isRedirect()));
	}

}

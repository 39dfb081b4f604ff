package dev.acmeboot.autoconfigure.integration;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.acmeboot.autoconfigure.certificate.SelfSignedCertificateFactory;
import dev.acmeboot.autoconfigure.challenge.Http01Connector;
import dev.acmeboot.autoconfigure.pebble.PebbleServer;

import static org.awaitility.Awaitility.await;

/**
 * Starts a web application with the starter configured against a running Pebble, on
 * loopback ports.
 */
final class AcmeApplicationRunner {

	static final Duration ISSUANCE_WAIT = Duration.ofSeconds(60);

	private final PebbleServer pebble;

	private final Path storage;

	private final Map<String, Object> properties = new LinkedHashMap<>();

	private final List<Class<?>> sources = new ArrayList<>(List.of(IntegrationTestApplication.class));

	AcmeApplicationRunner(PebbleServer pebble, Path storage) {
		this.pebble = pebble;
		this.storage = storage;
		this.properties.put("server.port", 0);
		this.properties.put("server.address", "127.0.0.1");
		this.properties.put("acme.domains", "app.example.test");
		this.properties.put("acme.accept-terms-of-service", true);
		this.properties.put("acme.directory-url", pebble.directoryUri().toString());
		this.properties.put("acme.directory-ssl-bundle", "pebble");
		this.properties.put("acme.http-port", pebble.httpValidationPort());
		this.properties.put("acme.storage-location", storage.toString());
		this.properties.put("spring.ssl.bundle.pem.pebble.truststore.certificate",
				"file:" + pebble.trustCertificatePem());
		this.properties.put("spring.main.banner-mode", "off");
	}

	AcmeApplicationRunner with(String name, Object value) {
		this.properties.put(name, value);
		return this;
	}

	AcmeApplicationRunner withSources(Class<?>... extra) {
		this.sources.clear();
		this.sources.addAll(List.of(extra));
		return this;
	}

	ConfigurableApplicationContext run() {
		return new SpringApplicationBuilder(this.sources.toArray(Class<?>[]::new))
			.web(WebApplicationType.SERVLET)
			.properties(this.properties)
			.run();
	}

	Path storage() {
		return this.storage;
	}

	Map<String, Object> properties() {
		return Map.copyOf(this.properties);
	}

	static int httpsPort(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	static int httpPort(ConfigurableApplicationContext context) {
		return context.getBean(Http01Connector.class).getPort();
	}

	/**
	 * Waits until the HTTPS port serves a certificate that is not the placeholder, and
	 * returns its chain.
	 */
	static List<X509Certificate> awaitIssuedChain(ConfigurableApplicationContext context, String hostName) {
		int port = httpsPort(context);
		List<List<X509Certificate>> served = new ArrayList<>();
		await().atMost(ISSUANCE_WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
			List<X509Certificate> chain = TlsClient.servedChain(port, hostName);
			if (SelfSignedCertificateFactory.isPlaceholder(chain.get(0))) {
				return false;
			}
			served.add(chain);
			return true;
		});
		return served.get(0);
	}

}

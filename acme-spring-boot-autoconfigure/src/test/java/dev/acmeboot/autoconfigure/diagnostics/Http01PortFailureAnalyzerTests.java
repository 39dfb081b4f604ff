package dev.acmeboot.autoconfigure.diagnostics;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.tomcat.ConnectorStartFailedException;
import org.springframework.context.ApplicationContextException;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.mock.env.MockEnvironment;

import dev.acmeboot.autoconfigure.challenge.Http01Connector;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Http01PortFailureAnalyzer}.
 * <p>
 * The failures are built the way Spring Boot 4.0.7 and Tomcat 11.0.22 report an
 * additional connector that cannot bind its port. This was observed by starting the
 * test application as root with {@code acme.http-port} on a port another socket held,
 * and as the unprivileged user {@code nobody} with {@code acme.http-port=80}. In both
 * cases Tomcat logged a {@code LifecycleException} ("Protocol handler start failed")
 * caused by a {@link BindException} ("Address already in use" or "Permission
 * denied"), and start-up failed with an {@link ApplicationContextException} ("Failed to
 * start bean 'webServerStartStop'") caused by a {@link ConnectorStartFailedException}
 * for the port, which has no cause.
 */
class Http01PortFailureAnalyzerTests {

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void analyzePortInUse() {
		FailureAnalysis analysis = analyze(80, failingProbe("Address already in use"));
		assertThat(analysis.getDescription()).contains("could not listen on port 80")
			.contains("'acme.http-port'")
			.contains("Another process already listens on it");
		assertThat(analysis.getAction()).contains("Stop the process that listens on port 80")
			.contains("set 'acme.http-port' to a free port")
			.contains("port 80 must then be forwarded");
	}

	@Test
	void analyzePermissionDenied() {
		FailureAnalysis analysis = analyze(80, failingProbe("Permission denied"));
		assertThat(analysis.getDescription()).contains("could not listen on port 80")
			.contains("'acme.http-port'")
			.contains("Binding it was denied (Permission denied)")
			.contains("ports below 1024 need root or the CAP_NET_BIND_SERVICE capability");
		assertThat(analysis.getAction()).contains("CAP_NET_BIND_SERVICE")
			.contains("AmbientCapabilities=CAP_NET_BIND_SERVICE")
			.contains("set 'acme.http-port' to a port of 1024 or above");
	}

	@Test
	void analyzeSameAsServerPort() {
		this.environment.setProperty("acme.http-port", "8080");
		FailureAnalysis analysis = analyze(8080, failingProbe("Address already in use"));
		assertThat(analysis.getDescription()).contains("port 8080").contains("'server.port' has the same value");
		assertThat(analysis.getAction()).contains("Set 'acme.http-port' and 'server.port' to different ports");
	}

	@Test
	void analyzeUnknownReasonForPrivilegedPort() {
		FailureAnalysis analysis = analyze(80, (address, port) -> Optional.empty());
		assertThat(analysis.getDescription()).contains("could not listen on port 80")
			.contains("'acme.http-port'")
			.contains("Another process may listen on it")
			.contains("CAP_NET_BIND_SERVICE")
			.contains("Tomcat's error in the log above");
		assertThat(analysis.getAction()).contains("Stop the process that listens on port 80")
			.contains("CAP_NET_BIND_SERVICE")
			.contains("'acme.http-port'");
	}

	@Test
	void analyzeUnknownReasonForHighPort() {
		this.environment.setProperty("acme.http-port", "5002");
		FailureAnalysis analysis = analyze(5002, failingProbe("Cannot assign requested address"));
		assertThat(analysis.getDescription()).contains("port 5002")
			.contains("Another process may listen on it")
			.contains("Cannot assign requested address")
			.doesNotContain("CAP_NET_BIND_SERVICE");
		assertThat(analysis.getAction()).contains("set 'acme.http-port' to a free port");
	}

	@Test
	void analyzeBindsServerAddress() {
		this.environment.setProperty("server.address", "127.0.0.1");
		List<InetAddress> probed = new ArrayList<>();
		analyze(80, (address, port) -> {
			probed.add(address);
			return Optional.empty();
		});
		assertThat(probed).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
	}

	@Test
	void analyzeFindsPortInUseWithRealSocket() throws IOException {
		try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = busy.getLocalPort();
			this.environment.setProperty("acme.http-port", Integer.toString(port));
			this.environment.setProperty("server.address", "127.0.0.1");
			Http01PortFailureAnalyzer analyzer = new Http01PortFailureAnalyzer(beanFactoryWithConnector(),
					this.environment);
			FailureAnalysis analysis = analyzer.analyze(startFailure(port));
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("Another process already listens on it");
		}
	}

	@Test
	void analyzeIgnoresOtherPort() {
		Http01PortFailureAnalyzer analyzer = new Http01PortFailureAnalyzer(beanFactoryWithConnector(),
				this.environment, failingProbe("Address already in use"));
		assertThat(analyzer.analyze(startFailure(8443))).isNull();
	}

	@Test
	void analyzeIgnoresFailureWithoutConnector() {
		Http01PortFailureAnalyzer analyzer = new Http01PortFailureAnalyzer(new DefaultListableBeanFactory(),
				this.environment, failingProbe("Address already in use"));
		assertThat(analyzer.analyze(startFailure(80))).isNull();
	}

	@Test
	void analyzeIgnoresNonNumericPort() {
		this.environment.setProperty("acme.http-port", "eighty");
		Http01PortFailureAnalyzer analyzer = new Http01PortFailureAnalyzer(beanFactoryWithConnector(),
				this.environment, failingProbe("Address already in use"));
		assertThat(analyzer.analyze(startFailure(80))).isNull();
	}

	@Test
	void analyzeIgnoresOtherFailures() {
		Http01PortFailureAnalyzer analyzer = new Http01PortFailureAnalyzer(beanFactoryWithConnector(),
				this.environment, failingProbe("Address already in use"));
		assertThat(analyzer.analyze(new IllegalStateException("unrelated"))).isNull();
	}

	@Test
	void analyzerRunsBeforeSpringBootConnectorAnalyzer() {
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
			.load(FailureAnalyzer.class,
					ArgumentResolver.of(BeanFactory.class, beanFactoryWithConnector())
						.and(Environment.class, this.environment),
					FailureHandler.handleMessage((message, failure) -> {
					}));
		List<String> names = analyzers.stream().map((analyzer) -> analyzer.getClass().getSimpleName()).toList();
		assertThat(names).contains("Http01PortFailureAnalyzer", "ConnectorStartFailureAnalyzer");
		assertThat(names.indexOf("Http01PortFailureAnalyzer")).isLessThan(names.indexOf("ConnectorStartFailureAnalyzer"));
	}

	private FailureAnalysis analyze(int port, Http01PortFailureAnalyzer.PortProbe probe) {
		Http01PortFailureAnalyzer analyzer = new Http01PortFailureAnalyzer(beanFactoryWithConnector(),
				this.environment, probe);
		FailureAnalysis analysis = analyzer.analyze(startFailure(port));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getCause()).isInstanceOf(ConnectorStartFailedException.class);
		return analysis;
	}

	private static Throwable startFailure(int port) {
		return new ApplicationContextException("Failed to start bean 'webServerStartStop'",
				new ConnectorStartFailedException(port));
	}

	private static DefaultListableBeanFactory beanFactoryWithConnector() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerSingleton("acmeHttp01Connector", new Http01Connector(80));
		return beanFactory;
	}

	private static Http01PortFailureAnalyzer.PortProbe failingProbe(String message) {
		return (address, port) -> Optional.of(new BindException(message));
	}

}

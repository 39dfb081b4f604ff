package dev.acmeboot.autoconfigure.diagnostics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.tomcat.ConnectorStartFailedException;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import dev.acmeboot.autoconfigure.challenge.Http01Connector;

/**
 * Reports that the plain-HTTP connector for HTTP-01 challenges could not listen on
 * {@code acme.http-port}, and why.
 * <p>
 * When an additional connector cannot bind its port, Tomcat 11 logs the
 * {@link java.net.BindException} ("Address already in use" or "Permission denied") and
 * marks the connector as failed, and Spring Boot 4.0 then throws a
 * {@link ConnectorStartFailedException} with the port and no cause, wrapped in an
 * {@code ApplicationContextException} from the {@code webServerStartStop} lifecycle
 * bean. Spring Boot's own analysis of it names neither {@code acme.http-port} nor the
 * reason. This analyzer runs first and matches the exception only when an HTTP-01
 * connector is configured on that port. Because the exception carries no cause, the
 * port is bound once more, after Tomcat has stopped, to learn the reason.
 *
 * @author ACME Spring Boot contributors
 */
class Http01PortFailureAnalyzer extends AbstractFailureAnalyzer<ConnectorStartFailedException> implements Ordered {

	private static final String PROPERTY = "acme.http-port";

	private static final int DEFAULT_HTTP_PORT = 80;

	private static final int DEFAULT_SERVER_PORT = 8080;

	private static final int FIRST_UNPRIVILEGED_PORT = 1024;

	private static final String FORWARD_PORT_80 = "The CA always connects to port 80, so port 80 must then be "
			+ "forwarded to the new port.";

	private static final String PRIVILEGE_ACTION = "Give the Java process the CAP_NET_BIND_SERVICE capability, "
			+ "for example with 'AmbientCapabilities=CAP_NET_BIND_SERVICE' in its systemd unit, or set '" + PROPERTY
			+ "' to a port of " + FIRST_UNPRIVILEGED_PORT + " or above. " + FORWARD_PORT_80;

	private final @Nullable BeanFactory beanFactory;

	private final Environment environment;

	private final PortProbe probe;

	/**
	 * Creates an analyzer, as Spring Boot does when the application fails to start.
	 * @param beanFactory the bean factory of the failed application context
	 * @param environment the environment of the failed application context
	 */
	public Http01PortFailureAnalyzer(@Nullable BeanFactory beanFactory, Environment environment) {
		this(beanFactory, environment, Http01PortFailureAnalyzer::bind);
	}

	Http01PortFailureAnalyzer(@Nullable BeanFactory beanFactory, Environment environment, PortProbe probe) {
		this.beanFactory = beanFactory;
		this.environment = environment;
		this.probe = probe;
	}

	/**
	 * Returns an order that runs this analyzer before Spring Boot's
	 * {@code ConnectorStartFailureAnalyzer}, which has no order and would otherwise
	 * report the same exception first.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, ConnectorStartFailedException cause) {
		int port = cause.getPort();
		if (!hasHttp01Connector() || port <= 0 || port != configuredPort(PROPERTY, DEFAULT_HTTP_PORT)) {
			return null;
		}
		String failure = "The plain-HTTP connector for ACME HTTP-01 challenges could not listen on port " + port
				+ ", the value of '" + PROPERTY + "'. ";
		if (port == configuredPort("server.port", DEFAULT_SERVER_PORT)) {
			return new FailureAnalysis(failure + "'server.port' has the same value, so the HTTPS connector uses it.",
					"Set '" + PROPERTY + "' and 'server.port' to different ports, such as 80 and 443.", cause);
		}
		Optional<IOException> bindFailure = this.probe.bind(bindAddress(), port);
		String reason = bindFailure.map(Throwable::getMessage).orElse("").toLowerCase(Locale.ROOT);
		if (reason.contains("permission denied") || reason.contains("access denied")) {
			return new FailureAnalysis(failure + "Binding it was denied (" + bindFailure.get().getMessage()
					+ "). On Linux, ports below " + FIRST_UNPRIVILEGED_PORT
					+ " need root or the CAP_NET_BIND_SERVICE capability.", PRIVILEGE_ACTION, cause);
		}
		if (reason.contains("in use")) {
			return new FailureAnalysis(failure + "Another process already listens on it.", inUseAction(port),
					cause);
		}
		return unknownReason(failure, port, bindFailure, cause);
	}

	private boolean hasHttp01Connector() {
		return this.beanFactory instanceof ListableBeanFactory listable
				&& listable.getBeanNamesForType(Http01Connector.class, true, false).length > 0;
	}

	private int configuredPort(String property, int defaultPort) {
		try {
			return this.environment.getProperty(property, Integer.class, defaultPort);
		}
		catch (RuntimeException ex) {
			// A value that is not a number cannot be the port that failed.
			return -1;
		}
	}

	private @Nullable InetAddress bindAddress() {
		String address = this.environment.getProperty("server.address");
		if (address == null || address.isBlank()) {
			return null;
		}
		try {
			return InetAddress.getByName(address);
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Describes both likely reasons when binding the port again gives no answer, for
	 * example because the other process has stopped in the meantime.
	 */
	private static FailureAnalysis unknownReason(String failure, int port, Optional<IOException> bindFailure,
			ConnectorStartFailedException cause) {
		boolean privileged = port < FIRST_UNPRIVILEGED_PORT;
		StringBuilder description = new StringBuilder(failure).append("Another process may listen on it");
		if (privileged) {
			description.append(", or this process may lack the privilege to bind it (on Linux, ports below ")
				.append(FIRST_UNPRIVILEGED_PORT)
				.append(" need root or the CAP_NET_BIND_SERVICE capability)");
		}
		description.append(". Tomcat's error in the log above gives the reason.");
		bindFailure.ifPresent((ex) -> description.append(" Binding the port again failed with: ").append(ex));
		String action = privileged ? "Stop the process that listens on port " + port
				+ ", or give the Java process the CAP_NET_BIND_SERVICE capability, or set '" + PROPERTY
				+ "' to a free port of " + FIRST_UNPRIVILEGED_PORT + " or above. " + FORWARD_PORT_80
				: inUseAction(port);
		return new FailureAnalysis(description.toString(), action, cause);
	}

	private static String inUseAction(int port) {
		return "Stop the process that listens on port " + port + ", or set '" + PROPERTY + "' to a free port. "
				+ FORWARD_PORT_80;
	}

	private static Optional<IOException> bind(@Nullable InetAddress address, int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(address, port));
			return Optional.empty();
		}
		catch (IOException ex) {
			return Optional.of(ex);
		}
	}

	/**
	 * Binds a port and releases it at once.
	 */
	@FunctionalInterface
	interface PortProbe {

		/**
		 * Binds the port on the address and closes the socket.
		 * @param address the local address, or {@code null} for all addresses
		 * @param port the port
		 * @return the failure, or empty if the port could be bound
		 */
		Optional<IOException> bind(@Nullable InetAddress address, int port);

	}

}

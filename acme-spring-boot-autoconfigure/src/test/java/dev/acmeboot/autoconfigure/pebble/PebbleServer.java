package dev.acmeboot.autoconfigure.pebble;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static dev.acmeboot.autoconfigure.pebble.TestProcesses.LOOPBACK;

/**
 * A real Pebble ACME test CA and, unless an external DNS server is configured, a
 * {@code pebble-challtestsrv} DNS server, both running as child processes for
 * integration tests.
 *
 * <p>Both programs come from the Debian package {@code pebble} (tested with 2.4.0) and
 * are looked up on the {@code PATH}. Every listener binds to {@code 127.0.0.1}.
 * {@code pebble-challtestsrv} answers {@code A} queries for every name with
 * {@code 127.0.0.1} and returns no {@code AAAA} records, so Pebble sends HTTP-01
 * validation requests to {@code 127.0.0.1:}{@link #httpValidationPort()} and TLS-ALPN-01
 * validation requests to {@code 127.0.0.1:}{@link #tlsAlpnValidationPort()} for any
 * domain. With {@link Options#dnsServer()} set, that DNS server decides where they go.
 *
 * <p>Each instance works in a fresh temporary directory that contains the Pebble
 * configuration, a throwaway CA ({@link #trustCertificatePem()}) that signs the
 * certificate of Pebble's HTTPS listeners, and the process logs. {@link #close()} deletes
 * this directory unless {@link Options#keepWorkDirectory()} is set, so read
 * {@link #log()} before closing when a test fails. A shutdown hook stops the processes and
 * deletes the directory in the same way if the JVM exits without {@link #close()}.
 *
 * <p>Pebble creates a new root and intermediate CA on every start and keeps all state in
 * memory, so {@link #stopAcmeServer()} followed by {@link #startAcmeServer()} yields a CA
 * on the same ports without the accounts, orders or certificates of the previous run.
 *
 * <p>Instances are thread-safe.
 */
public final class PebbleServer implements AutoCloseable {

	private static final String PEBBLE_EXECUTABLE = "pebble";

	private static final String CHALLENGE_SERVER_EXECUTABLE = "pebble-challtestsrv";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * Matches the line that Pebble 2.4 logs before it handles an ACME request, for example
	 * {@code Pebble 2026/12/04 19:57:01 GET /dir -> calling handler()}. The path is the
	 * route prefix, such as {@code /my-order/}, not the full request path.
	 */
	private static final Pattern REQUEST_LOG_LINE = Pattern
		.compile("^Pebble \\S+ \\S+ ([A-Z]+) (\\S+) -> calling handler\\(\\)$");

	private final Options options;

	private final Path pebbleExecutable;

	private final Path challengeServerExecutable;

	private final Path workDirectory;

	private final Path configFile;

	private final Path pebbleLog;

	private final Path challengeServerLog;

	private final PebbleTlsFiles tlsFiles;

	private final int acmePort;

	private final int managementPort;

	private final int httpValidationPort;

	private final int tlsAlpnValidationPort;

	private final String dnsServer;

	private final int challengeServerManagementPort;

	private final SSLContext sslContext;

	private final HttpClient httpClient;

	private final Thread shutdownHook;

	private volatile Process pebbleProcess;

	private volatile Process challengeServerProcess;

	private boolean closed;

	private PebbleServer(Options options, Path pebbleExecutable, Path challengeServerExecutable, Path workDirectory)
			throws IOException {
		this.options = options;
		this.pebbleExecutable = pebbleExecutable;
		this.challengeServerExecutable = challengeServerExecutable;
		this.workDirectory = workDirectory;
		this.configFile = workDirectory.resolve("pebble-config.json");
		this.pebbleLog = workDirectory.resolve("pebble.log");
		this.challengeServerLog = workDirectory.resolve("pebble-challtestsrv.log");
		this.tlsFiles = PebbleTlsFiles.generate(workDirectory);

		boolean startChallengeServer = (options.dnsServer() == null);
		int[] ports = TestProcesses.findFreePorts(startChallengeServer ? 6 : 4, options.httpValidationPort());
		this.acmePort = ports[0];
		this.managementPort = ports[1];
		this.tlsAlpnValidationPort = ports[2];
		this.httpValidationPort = (options.httpValidationPort() != 0) ? options.httpValidationPort() : ports[3];
		this.dnsServer = startChallengeServer ? LOOPBACK + ":" + ports[4] : options.dnsServer();
		this.challengeServerManagementPort = startChallengeServer ? ports[5] : -1;

		Files.writeString(this.configFile, pebbleConfigJson(), StandardCharsets.UTF_8);
		this.sslContext = sslContextTrusting(this.tlsFiles.caCertificate());
		this.httpClient = HttpClient.newBuilder()
			.sslContext(this.sslContext)
			.proxy(HttpClient.Builder.NO_PROXY)
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(REQUEST_TIMEOUT)
			.build();
		this.shutdownHook = new Thread(this::cleanUpOnShutdown, "pebble-server-shutdown");
	}

	/**
	 * Starts Pebble and {@code pebble-challtestsrv} with the {@linkplain Options#defaults()
	 * default options}.
	 * @return the running server
	 * @throws IllegalStateException if an executable is missing or a process fails to start
	 * within 20 seconds
	 */
	public static PebbleServer start() {
		return start(Options.defaults());
	}

	/**
	 * Starts Pebble and, unless {@link Options#dnsServer()} is set,
	 * {@code pebble-challtestsrv}, and waits until Pebble's ACME directory responds.
	 * @param options the Pebble settings
	 * @return the running server
	 * @throws IllegalStateException if an executable is missing or a process fails to start
	 * within 20 seconds, with the tail of the process log in the message
	 */
	public static PebbleServer start(Options options) {
		Objects.requireNonNull(options, "options must not be null");
		Path pebbleExecutable = findExecutable(PEBBLE_EXECUTABLE);
		Path challengeServerExecutable = (options.dnsServer() == null) ? findExecutable(CHALLENGE_SERVER_EXECUTABLE)
				: null;

		Path workDirectory;
		try {
			workDirectory = Files.createTempDirectory("pebble-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to create a temporary directory for Pebble", ex);
		}

		PebbleServer server;
		try {
			server = new PebbleServer(options, pebbleExecutable, challengeServerExecutable, workDirectory);
		}
		catch (IOException ex) {
			deleteRecursively(workDirectory);
			throw new UncheckedIOException("Failed to write the Pebble configuration to " + workDirectory, ex);
		}
		catch (RuntimeException ex) {
			deleteRecursively(workDirectory);
			throw ex;
		}

		try {
			Runtime.getRuntime().addShutdownHook(server.shutdownHook);
			if (challengeServerExecutable != null) {
				server.startChallengeServer();
			}
			server.startAcmeServer();
			return server;
		}
		catch (RuntimeException ex) {
			try {
				server.close();
			}
			catch (RuntimeException closeFailure) {
				ex.addSuppressed(closeFailure);
			}
			throw ex;
		}
	}

	/**
	 * Starts the Pebble process again with the same configuration and ports after
	 * {@link #stopAcmeServer()}, and waits until its ACME directory responds. Pebble creates
	 * a new root and intermediate CA and starts without accounts, orders or certificates.
	 * @throws IllegalStateException if Pebble is already running, this server is closed,
	 * or Pebble fails to start within 20 seconds
	 */
	public synchronized void startAcmeServer() {
		if (this.closed) {
			throw new IllegalStateException("PebbleServer is closed");
		}
		if (isAcmeServerRunning()) {
			throw new IllegalStateException("Pebble is already running on " + directoryUri());
		}
		List<String> command = List.of(this.pebbleExecutable.toString(), "-config", this.configFile.toString(),
				"-dnsserver", this.dnsServer);
		this.pebbleProcess = startProcess(command, this.pebbleLog, pebbleEnvironment());
		try {
			awaitDirectory();
		}
		catch (RuntimeException ex) {
			stopAcmeServer();
			throw ex;
		}
	}

	/**
	 * Stops the Pebble process so that its ports refuse connections, for example to
	 * simulate an unreachable CA. The DNS server, configuration and ports stay in place for
	 * {@link #startAcmeServer()}. Does nothing if Pebble is not running.
	 */
	public synchronized void stopAcmeServer() {
		stopProcess(this.pebbleProcess);
		this.pebbleProcess = null;
	}

	/**
	 * Returns whether the Pebble process is running.
	 * @return {@code true} between a successful start and the next stop
	 */
	public boolean isAcmeServerRunning() {
		Process process = this.pebbleProcess;
		return process != null && process.isAlive();
	}

	/**
	 * Stops both processes and deletes the working directory unless
	 * {@link Options#keepWorkDirectory()} is set. Calling it again does nothing.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		stopAcmeServer();
		stopProcess(this.challengeServerProcess);
		this.challengeServerProcess = null;
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down and runs the hook anyway.
		}
		if (!this.options.keepWorkDirectory()) {
			deleteRecursively(this.workDirectory);
		}
	}

	/**
	 * Returns the URI of Pebble's ACME directory, for example
	 * {@code https://127.0.0.1:40123/dir}.
	 * @return the directory URI
	 */
	public URI directoryUri() {
		return URI.create("https://" + LOOPBACK + ":" + this.acmePort + "/dir");
	}

	/**
	 * Returns the base URI of Pebble's management API, which serves the current roots,
	 * intermediates, their private keys and certificate status.
	 * @return the management URI without a trailing slash
	 */
	public URI managementUri() {
		return URI.create("https://" + LOOPBACK + ":" + this.managementPort);
	}

	/**
	 * Returns the base URI of the management API of {@code pebble-challtestsrv}, which can
	 * add DNS records such as the TXT records for DNS-01.
	 * @return the plain-HTTP management URI, or empty if {@link Options#dnsServer()} is set
	 */
	public Optional<URI> challengeServerManagementUri() {
		if (this.challengeServerManagementPort < 0) {
			return Optional.empty();
		}
		return Optional.of(URI.create("http://" + LOOPBACK + ":" + this.challengeServerManagementPort));
	}

	/**
	 * Returns the PEM file of the CA certificate that signs the certificate of Pebble's
	 * HTTPS listeners. ACME clients must trust it to connect to {@link #directoryUri()}. It
	 * does not change when Pebble restarts.
	 * @return the CA certificate file
	 */
	public Path trustCertificatePem() {
		return this.tlsFiles.caCertificate();
	}

	/**
	 * Reads {@link #trustCertificatePem()}.
	 * @return the PEM text of the CA certificate
	 */
	public String trustCertificatePemText() {
		return readFile(this.tlsFiles.caCertificate());
	}

	/**
	 * Returns the certificate and key files of Pebble's HTTPS listeners, for test servers on
	 * {@code 127.0.0.1} that clients trusting {@link #trustCertificatePem()} must trust too.
	 * @return the TLS files in {@link #workDirectory()}
	 */
	PebbleTlsFiles tlsFiles() {
		return this.tlsFiles;
	}

	/**
	 * Returns an {@link SSLContext} that trusts only {@link #trustCertificatePem()}, for
	 * test clients that connect to Pebble's ACME or management API.
	 * @return the shared client SSL context
	 */
	public SSLContext clientSslContext() {
		return this.sslContext;
	}

	/**
	 * Returns the HTTP/1.1 client that this server uses for its readiness probe and the
	 * management API. It trusts only {@link #trustCertificatePem()}, uses no proxy and
	 * connects with a timeout of 5 seconds.
	 * @return the shared HTTP client
	 */
	HttpClient httpClient() {
		return this.httpClient;
	}

	/**
	 * Returns the port on {@code 127.0.0.1} that Pebble connects to for HTTP-01 validation,
	 * which is the {@code httpPort} of Pebble's configuration.
	 * @return the HTTP-01 validation port
	 */
	public int httpValidationPort() {
		return this.httpValidationPort;
	}

	/**
	 * Returns the port on {@code 127.0.0.1} that Pebble connects to for TLS-ALPN-01
	 * validation, which is the {@code tlsPort} of Pebble's configuration.
	 * @return the TLS-ALPN-01 validation port
	 */
	public int tlsAlpnValidationPort() {
		return this.tlsAlpnValidationPort;
	}

	/**
	 * Returns the temporary directory with the configuration, certificates and logs.
	 * @return the working directory
	 */
	public Path workDirectory() {
		return this.workDirectory;
	}

	/**
	 * Fetches the root certificates of the running Pebble from {@code /roots/0} of the
	 * management API. They change on every start of Pebble.
	 * @return the certificates in the order of the PEM response
	 * @throws IllegalStateException if Pebble does not return status 200
	 */
	public List<X509Certificate> rootCertificates() {
		return parseCertificates(fetchManagement("/roots/0"));
	}

	/**
	 * Fetches the intermediate certificates of the running Pebble from
	 * {@code /intermediates/0} of the management API. They change on every start of Pebble.
	 * @return the certificates in the order of the PEM response
	 * @throws IllegalStateException if Pebble does not return status 200
	 */
	public List<X509Certificate> intermediateCertificates() {
		return parseCertificates(fetchManagement("/intermediates/0"));
	}

	/**
	 * Fetches the status of a certificate that the running Pebble issued, from
	 * {@code /cert-status-by-serial/<serial>} of the management API. Pebble 2.4 returns a
	 * JSON object with the fields {@code Status} ({@code "Valid"} or {@code "Revoked"}),
	 * {@code Serial} (lower-case hexadecimal), {@code Certificate} (PEM) and, for revoked
	 * certificates, {@code RevokedAt} and the {@code Reason} code if the revocation request
	 * contained one.
	 * @param serial the serial number of the certificate
	 * @return the JSON response body
	 * @throws IllegalStateException if Pebble does not return status 200, for example 404
	 * for a serial it did not issue since its last start
	 */
	public String certificateStatus(BigInteger serial) {
		Objects.requireNonNull(serial, "serial must not be null");
		if (serial.signum() <= 0) {
			throw new IllegalArgumentException("serial must be positive, but was " + serial);
		}
		return fetchManagement("/cert-status-by-serial/" + serial.toString(16));
	}

	/**
	 * Returns the log file of the Pebble process. Restarts append to the same file.
	 * @return the Pebble log file
	 */
	public Path logFile() {
		return this.pebbleLog;
	}

	/**
	 * Reads the Pebble log, which contains the output of every start since this server was
	 * created.
	 * @return the log text
	 * @throws UncheckedIOException if the log cannot be read, for example after
	 * {@link #close()} deleted it
	 */
	public String log() {
		return readFile(this.pebbleLog);
	}

	/**
	 * Parses the ACME requests from the Pebble log as {@code "METHOD /route"} strings, for
	 * example {@code "POST /order-plz"} or {@code "POST /my-order/"}. Pebble logs the route
	 * prefix, not the full path, and does not log requests that fail before routing, such as
	 * those with a method the route does not allow. Each start adds {@code "HEAD /dir"}
	 * lines from the readiness probe of this class. Management API requests are not logged.
	 * @return the requests of all starts in log order
	 */
	public List<String> requestLines() {
		List<String> requests = new ArrayList<>();
		for (String line : log().split("\n")) {
			Matcher matcher = REQUEST_LOG_LINE.matcher(line.strip());
			if (matcher.matches()) {
				requests.add(matcher.group(1) + " " + matcher.group(2));
			}
		}
		return requests;
	}

	/**
	 * Counts the ACME requests in the Pebble log that match a method and route.
	 * @param method the HTTP method, for example {@code "POST"}
	 * @param route the route as {@link #requestLines()} returns it, for example
	 * {@code "/finalize-order/"}
	 * @return the number of matching requests of all starts
	 */
	public long countRequests(String method, String route) {
		String expected = method.toUpperCase(Locale.ROOT) + " " + route;
		return requestLines().stream().filter(expected::equals).count();
	}

	private void startChallengeServer() {
		String managementAddress = LOOPBACK + ":" + this.challengeServerManagementPort;
		// An empty address disables a listener, so only the DNS and management servers run.
		List<String> command = List.of(this.challengeServerExecutable.toString(), "-http01", "", "-https01", "",
				"-tlsalpn01", "", "-dns01", this.dnsServer, "-management", managementAddress, "-defaultIPv4",
				LOOPBACK, "-defaultIPv6", "");
		this.challengeServerProcess = startProcess(command, this.challengeServerLog, scrubbedEnvironment());
		int dnsPort = Integer.parseInt(this.dnsServer.substring(this.dnsServer.lastIndexOf(':') + 1));
		awaitListening(this.challengeServerProcess, CHALLENGE_SERVER_EXECUTABLE, this.challengeServerLog,
				this.challengeServerManagementPort, dnsPort);
	}

	private Process startProcess(List<String> command, Path logFile, Map<String, String> environment) {
		ProcessBuilder builder = TestProcesses.processBuilder(command, this.workDirectory, logFile);
		builder.environment().clear();
		builder.environment().putAll(environment);
		try {
			return builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to start " + String.join(" ", command), ex);
		}
	}

	private Map<String, String> pebbleEnvironment() {
		Map<String, String> environment = scrubbedEnvironment();
		environment.put("PEBBLE_WFE_NONCEREJECT", Integer.toString(this.options.nonceRejectPercent()));
		environment.put("PEBBLE_AUTHZREUSE", Integer.toString(this.options.authzReusePercent()));
		if (this.options.vaNoSleep()) {
			environment.put("PEBBLE_VA_NOSLEEP", "1");
		}
		return environment;
	}

	/**
	 * Copies the JVM's environment without {@code PEBBLE_*} variables, so that only
	 * {@link Options} configure Pebble, and without proxy variables, so that no Go HTTP
	 * client in these programs sends a request to a proxy off the loopback interface.
	 */
	private static Map<String, String> scrubbedEnvironment() {
		Map<String, String> environment = new HashMap<>(System.getenv());
		environment.keySet().removeIf((name) -> {
			String upperCase = name.toUpperCase(Locale.ROOT);
			return upperCase.startsWith("PEBBLE_") || upperCase.endsWith("_PROXY");
		});
		return environment;
	}

	/**
	 * Polls {@code HEAD /dir} until Pebble returns status 200. A HEAD request keeps the
	 * probe apart from the {@code GET /dir} requests of ACME clients in the request log.
	 */
	private void awaitDirectory() {
		HttpRequest probe = HttpRequest.newBuilder(directoryUri())
			.method("HEAD", HttpRequest.BodyPublishers.noBody())
			.timeout(REQUEST_TIMEOUT)
			.build();
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		String lastFailure = "no response yet";
		while (System.nanoTime() < deadline) {
			Process process = this.pebbleProcess;
			if (!process.isAlive()) {
				throw startupFailure(PEBBLE_EXECUTABLE + " exited with status " + process.exitValue(),
						this.pebbleLog);
			}
			try {
				HttpResponse<Void> response = this.httpClient.send(probe, HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
				lastFailure = "HEAD " + directoryUri() + " returned status " + response.statusCode();
			}
			catch (IOException ex) {
				lastFailure = ex.toString();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for Pebble to start", ex);
			}
			sleep(POLL_INTERVAL);
		}
		throw startupFailure(PEBBLE_EXECUTABLE + " did not serve " + directoryUri() + " within "
				+ STARTUP_TIMEOUT.toSeconds() + " s (last failure: " + lastFailure + ")", this.pebbleLog);
	}

	private static void awaitListening(Process process, String name, Path logFile, int... ports) {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		for (int port : ports) {
			while (!isAccepting(port)) {
				if (!process.isAlive()) {
					throw startupFailure(name + " exited with status " + process.exitValue(), logFile);
				}
				if (System.nanoTime() >= deadline) {
					throw startupFailure(name + " did not listen on " + LOOPBACK + ":" + port + " within "
							+ STARTUP_TIMEOUT.toSeconds() + " s", logFile);
				}
				sleep(POLL_INTERVAL);
			}
		}
	}

	private static boolean isAccepting(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(LOOPBACK, port), (int) POLL_INTERVAL.toMillis());
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static IllegalStateException startupFailure(String reason, Path logFile) {
		return new IllegalStateException(
				reason + ". Last lines of " + logFile.getFileName() + ":" + System.lineSeparator() + logTail(logFile));
	}

	private static String logTail(Path logFile) {
		try {
			return TestProcesses.logTail(new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			return "(log not readable: " + ex + ")";
		}
	}

	private static void stopProcess(Process process) {
		TestProcesses.stop(process, STOP_TIMEOUT);
	}

	/**
	 * Kills both processes and deletes the working directory, unless
	 * {@link Options#keepWorkDirectory()} is set, when the JVM exits without
	 * {@link #close()}.
	 */
	private void cleanUpOnShutdown() {
		for (Process process : new Process[] { this.pebbleProcess, this.challengeServerProcess }) {
			if (process != null) {
				process.destroyForcibly();
				try {
					process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}
		if (!this.options.keepWorkDirectory()) {
			try {
				deleteRecursively(this.workDirectory);
			}
			catch (UncheckedIOException ex) {
				// A shutdown hook has no caller to report to, and the files are only test data.
			}
		}
	}

	private String fetchManagement(String path) {
		URI uri = URI.create(managementUri() + path);
		HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(REQUEST_TIMEOUT).build();
		HttpResponse<String> response;
		try {
			response = this.httpClient.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(
					"GET " + uri + " failed. Call startAcmeServer() first if Pebble was stopped.", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted during GET " + uri, ex);
		}
		if (response.statusCode() != 200) {
			throw new IllegalStateException(
					"GET " + uri + " returned status " + response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

	private static List<X509Certificate> parseCertificates(String pem) {
		try (InputStream input = new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))) {
			List<X509Certificate> certificates = new ArrayList<>();
			for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(input)) {
				certificates.add((X509Certificate) certificate);
			}
			return certificates;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Pebble returned invalid PEM certificates:" + System.lineSeparator() + pem,
					ex);
		}
	}

	private static SSLContext sslContextTrusting(Path caCertificatePem) {
		try (InputStream input = Files.newInputStream(caCertificatePem)) {
			KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
			trustStore.load(null, null);
			trustStore.setCertificateEntry("pebble-listener-ca",
					CertificateFactory.getInstance("X.509").generateCertificate(input));
			TrustManagerFactory trustManagers = TrustManagerFactory
				.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trustManagers.init(trustStore);
			SSLContext sslContext = SSLContext.getInstance("TLS");
			sslContext.init(null, trustManagers.getTrustManagers(), null);
			return sslContext;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Failed to build an SSLContext that trusts " + caCertificatePem, ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to read " + caCertificatePem, ex);
		}
	}

	private String pebbleConfigJson() {
		return """
				{
				  "pebble": {
				    "listenAddress": %s,
				    "managementListenAddress": %s,
				    "certificate": %s,
				    "privateKey": %s,
				    "httpPort": %d,
				    "tlsPort": %d,
				    "ocspResponderURL": "",%s
				    "externalAccountBindingRequired": false
				  }
				}
				""".formatted(jsonString(LOOPBACK + ":" + this.acmePort), jsonString(LOOPBACK + ":" + this.managementPort),
				jsonString(this.tlsFiles.listenerCertificate().toString()),
				jsonString(this.tlsFiles.listenerPrivateKey().toString()), this.httpValidationPort,
				this.tlsAlpnValidationPort, validityJson());
	}

	private String validityJson() {
		Duration validity = this.options.certificateValidity();
		return (validity != null) ? "\n    \"certificateValidityPeriod\": " + validity.toSeconds() + "," : "";
	}

	private static String jsonString(String value) {
		StringBuilder json = new StringBuilder("\"");
		for (char character : value.toCharArray()) {
			if (character == '"' || character == '\\') {
				json.append('\\').append(character);
			}
			else if (character < 0x20) {
				json.append(String.format("\\u%04x", (int) character));
			}
			else {
				json.append(character);
			}
		}
		return json.append('"').toString();
	}

	private static Path findExecutable(String name) {
		String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
		return TestProcesses.findExecutable(name, path)
			.orElseThrow(() -> new IllegalStateException("Executable '" + name + "' not found on PATH (" + path
					+ "). Install the Pebble ACME test server with: apt-get install -y pebble"));
	}

	private static String readFile(Path file) {
		try {
			return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to read " + file, ex);
		}
	}

	private static void deleteRecursively(Path directory) {
		TestProcesses.deleteRecursively(directory, "Pebble");
	}

	private static void sleep(Duration duration) {
		TestProcesses.sleep(duration, "a Pebble process");
	}

	/**
	 * Settings for {@link PebbleServer#start(Options)}. Start from {@link #defaults()} and
	 * change values with the {@code with} methods.
	 *
	 * @param nonceRejectPercent the percentage of valid nonces that Pebble rejects with
	 * {@code badNonce}, from 0 to 100 (environment variable {@code PEBBLE_WFE_NONCEREJECT})
	 * @param vaNoSleep whether Pebble validates challenges without its random delay of up to
	 * 15 seconds (environment variable {@code PEBBLE_VA_NOSLEEP})
	 * @param authzReusePercent the percentage of new orders in which Pebble reuses a valid
	 * authorization, from 0 to 100 (environment variable {@code PEBBLE_AUTHZREUSE})
	 * @param httpValidationPort the port on {@code 127.0.0.1} that Pebble connects to for
	 * HTTP-01 validation, or 0 to pick a free port
	 * @param dnsServer the {@code host:port} of a DNS server on the loopback interface that
	 * Pebble queries, such as {@code 127.0.0.1:5053}, or {@code null} to start
	 * {@code pebble-challtestsrv} for it
	 * @param keepWorkDirectory whether {@link PebbleServer#close()} keeps the temporary
	 * directory with the logs
	 * @param certificateValidity the validity of issued certificates (configuration key
	 * {@code certificateValidityPeriod}), or {@code null} for Pebble's default of five years
	 */
	public record Options(int nonceRejectPercent, boolean vaNoSleep, int authzReusePercent, int httpValidationPort,
			String dnsServer, boolean keepWorkDirectory, Duration certificateValidity) {

		private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

		/**
		 * Validates the settings.
		 * @throws IllegalArgumentException if a percentage or port is out of range, or the
		 * DNS server is not an IP literal on the loopback interface with a port
		 */
		public Options {
			requirePercent("nonceRejectPercent", nonceRejectPercent);
			requirePercent("authzReusePercent", authzReusePercent);
			if (httpValidationPort < 0 || httpValidationPort > 65535) {
				throw new IllegalArgumentException(
						"httpValidationPort must be between 0 and 65535, but was " + httpValidationPort);
			}
			if (dnsServer != null) {
				requireLoopbackHostAndPort(dnsServer);
			}
		}

		/**
		 * Returns the defaults: no rejected nonces, no validation delay, no authorization
		 * reuse, a free HTTP-01 validation port, a {@code pebble-challtestsrv} DNS server,
		 * and a working directory that {@link PebbleServer#close()} deletes.
		 * @return the default options
		 */
		public static Options defaults() {
			return new Options(0, true, 0, 0, null, false, null);
		}

		/**
		 * Returns a copy with another nonce rejection percentage.
		 * @param percent the percentage of valid nonces to reject, from 0 to 100
		 * @return the changed options
		 */
		public Options withNonceRejectPercent(int percent) {
			return new Options(percent, this.vaNoSleep, this.authzReusePercent, this.httpValidationPort,
					this.dnsServer, this.keepWorkDirectory, this.certificateValidity);
		}

		/**
		 * Returns a copy that enables or disables Pebble's random validation delay.
		 * @param noSleep {@code true} to validate without delay
		 * @return the changed options
		 */
		public Options withVaNoSleep(boolean noSleep) {
			return new Options(this.nonceRejectPercent, noSleep, this.authzReusePercent, this.httpValidationPort,
					this.dnsServer, this.keepWorkDirectory, this.certificateValidity);
		}

		/**
		 * Returns a copy with another authorization reuse percentage.
		 * @param percent the percentage of orders that reuse a valid authorization, from 0 to
		 * 100
		 * @return the changed options
		 */
		public Options withAuthzReusePercent(int percent) {
			return new Options(this.nonceRejectPercent, this.vaNoSleep, percent, this.httpValidationPort,
					this.dnsServer, this.keepWorkDirectory, this.certificateValidity);
		}

		/**
		 * Returns a copy with a fixed HTTP-01 validation port.
		 * @param port the port on {@code 127.0.0.1}, or 0 to pick a free port
		 * @return the changed options
		 */
		public Options withHttpValidationPort(int port) {
			return new Options(this.nonceRejectPercent, this.vaNoSleep, this.authzReusePercent, port, this.dnsServer,
					this.keepWorkDirectory, this.certificateValidity);
		}

		/**
		 * Returns a copy that points Pebble at an existing DNS server instead of starting
		 * {@code pebble-challtestsrv}.
		 * @param hostAndPort for example {@code 127.0.0.1:5053} or {@code [::1]:5053}, or
		 * {@code null} to start {@code pebble-challtestsrv}
		 * @return the changed options
		 */
		public Options withDnsServer(String hostAndPort) {
			return new Options(this.nonceRejectPercent, this.vaNoSleep, this.authzReusePercent,
					this.httpValidationPort, hostAndPort, this.keepWorkDirectory, this.certificateValidity);
		}

		/**
		 * Returns a copy that keeps or deletes the working directory on close.
		 * @param keep {@code true} to keep the configuration, certificates and logs
		 * @return the changed options
		 */
		public Options withKeepWorkDirectory(boolean keep) {
			return new Options(this.nonceRejectPercent, this.vaNoSleep, this.authzReusePercent,
					this.httpValidationPort, this.dnsServer, keep, this.certificateValidity);
		}

		/**
		 * Returns a copy with another validity period for issued certificates.
		 * @param validity the validity in whole seconds, or {@code null} for Pebble's
		 * default of five years
		 * @return the changed options
		 */
		public Options withCertificateValidity(Duration validity) {
			return new Options(this.nonceRejectPercent, this.vaNoSleep, this.authzReusePercent,
					this.httpValidationPort, this.dnsServer, this.keepWorkDirectory, validity);
		}

		private static void requirePercent(String name, int value) {
			if (value < 0 || value > 100) {
				throw new IllegalArgumentException(name + " must be between 0 and 100, but was " + value);
			}
		}

		private static void requireLoopbackHostAndPort(String hostAndPort) {
			int colon = hostAndPort.lastIndexOf(':');
			String host = (colon > 0) ? hostAndPort.substring(0, colon) : "";
			String port = (colon > 0) ? hostAndPort.substring(colon + 1) : "";
			boolean bracketedIpv6 = host.startsWith("[") && host.endsWith("]");
			String address = bracketedIpv6 ? host.substring(1, host.length() - 1) : host;
			// Only IP literals pass, so that validating the address never needs a DNS lookup.
			boolean literal = IPV4_LITERAL.matcher(address).matches() || (bracketedIpv6 && address.contains(":"));
			boolean valid;
			try {
				int portNumber = Integer.parseInt(port);
				valid = literal && portNumber > 0 && portNumber <= 65535
						&& InetAddress.getByName(address).isLoopbackAddress();
			}
			catch (NumberFormatException | IOException ex) {
				valid = false;
			}
			if (!valid) {
				throw new IllegalArgumentException("dnsServer must be a loopback IP address and port such as "
						+ "127.0.0.1:5053 or [::1]:5053, but was '" + hostAndPort + "'");
			}
		}

	}

}

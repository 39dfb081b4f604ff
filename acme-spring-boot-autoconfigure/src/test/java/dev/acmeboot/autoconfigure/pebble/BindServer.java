package dev.acmeboot.autoconfigure.pebble;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import static dev.acmeboot.autoconfigure.pebble.TestProcesses.LOOPBACK;

/**
 * A real BIND {@code named} for integration tests, running as a child process on
 * {@code 127.0.0.1} and a free high port. It serves two zones from a fresh temporary
 * directory:
 * <ul>
 * <li>{@code example.test}, which accepts dynamic updates signed with a generated
 * HMAC-SHA256 TSIG key, and has explicit {@code A} records for {@link #HOST_NAMES}, all
 * {@code 127.0.0.1};</li>
 * <li>{@code static.test}, which accepts no updates, so updates to it are REFUSED.</li>
 * </ul>
 * It answers only for these zones ({@code recursion no}), has no control channel, and
 * never listens on port 53. {@code named} and the key come from the Debian packages
 * {@code bind9} and {@code bind9-dnsutils} (tested with BIND 9.18), looked up on the
 * {@code PATH}.
 *
 * <p>Point Pebble at it with
 * {@code PebbleServer.Options.defaults().withDnsServer(bind.address())}, so that Pebble
 * validates DNS-01 challenges against this server.
 */
public final class BindServer implements AutoCloseable {

	/**
	 * The zone that accepts signed updates.
	 */
	public static final String ZONE = "example.test";

	/**
	 * A zone that rejects every update with REFUSED.
	 */
	public static final String STATIC_ZONE = "static.test";

	/**
	 * Names in {@link #ZONE} with an explicit {@code A} record. A TXT record under
	 * {@code _acme-challenge.<name>} turns {@code <name>} into an empty non-terminal when
	 * it has no record of its own, so every name under test gets one.
	 */
	public static final List<String> HOST_NAMES = List.of("ns1.example.test", "app.example.test",
			"www.app.example.test", "exec.example.test", "slow.example.test");

	private static final String NAMED_EXECUTABLE = "named";

	private static final String KEY_NAME = "acme-test-key";

	private static final String KEY_ALGORITHM = "hmac-sha256";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);

	private static final int START_ATTEMPTS = 3;

	private final Path workDirectory;

	private final Path keyFile;

	private final Path logFile;

	private final Path eventLogFile;

	private final String keySecret;

	private final int port;

	private final Thread shutdownHook;

	private final Process process;

	private boolean closed;

	private BindServer(Path workDirectory, String keySecret, int port) throws IOException {
		this.workDirectory = workDirectory;
		this.keySecret = keySecret;
		this.port = port;
		this.keyFile = workDirectory.resolve("tsig.key");
		this.logFile = workDirectory.resolve("named.log");
		this.eventLogFile = workDirectory.resolve("named-events.log");
		Path configFile = workDirectory.resolve("named.conf");
		Files.writeString(this.keyFile, keyConfig(), StandardCharsets.US_ASCII);
		Files.writeString(workDirectory.resolve(ZONE + ".zone"), exampleZone(), StandardCharsets.US_ASCII);
		Files.writeString(workDirectory.resolve(STATIC_ZONE + ".zone"), staticZone(), StandardCharsets.US_ASCII);
		Files.writeString(configFile, namedConfig(), StandardCharsets.US_ASCII);
		this.shutdownHook = new Thread(this::stopProcess, "bind-server-shutdown");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
		List<String> command = List.of(findExecutable(NAMED_EXECUTABLE).toString(), "-c", configFile.toString(), "-f",
				"-4", "-n", "2");
		this.process = TestProcesses.processBuilder(command, workDirectory, this.logFile).start();
	}

	/**
	 * Starts {@code named} and waits until it answers for {@link #ZONE}. A port that
	 * another process takes between the port search and the start is retried with a new
	 * port.
	 * @return the running server
	 * @throws IllegalStateException if {@code named} is missing or does not answer within
	 * 20 seconds, with the tail of its log in the message
	 */
	public static BindServer start() {
		String secret = Base64.getEncoder().encodeToString(randomSecret());
		IllegalStateException failure = null;
		for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
			Path workDirectory;
			try {
				workDirectory = Files.createTempDirectory("named-");
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Failed to create a temporary directory for named", ex);
			}
			BindServer server;
			try {
				server = new BindServer(workDirectory, secret, TestProcesses.findFreeTcpAndUdpPort());
			}
			catch (IOException ex) {
				deleteRecursively(workDirectory);
				throw new UncheckedIOException("Failed to start named in " + workDirectory, ex);
			}
			try {
				server.awaitZone();
				return server;
			}
			catch (IllegalStateException ex) {
				server.close();
				failure = ex;
			}
		}
		throw Objects.requireNonNull(failure);
	}

	private static byte[] randomSecret() {
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		return secret;
	}

	/**
	 * Returns the address for Pebble's {@code -dnsserver} and for
	 * {@code acme.dns.rfc2136.server}.
	 * @return {@code 127.0.0.1:<port>}
	 */
	public String address() {
		return LOOPBACK + ":" + this.port;
	}

	/**
	 * Returns the UDP and TCP port {@code named} listens on.
	 * @return the port on {@code 127.0.0.1}
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Returns the name of the TSIG key that {@link #ZONE} accepts updates from.
	 * @return the key name
	 */
	public String keyName() {
		return KEY_NAME;
	}

	/**
	 * Returns the algorithm of the TSIG key.
	 * @return {@code hmac-sha256}
	 */
	public String keyAlgorithm() {
		return KEY_ALGORITHM;
	}

	/**
	 * Returns the secret of the TSIG key.
	 * @return the base64 secret
	 */
	public String keySecret() {
		return this.keySecret;
	}

	/**
	 * Returns the key file in BIND's format, for {@code nsupdate -k}.
	 * @return the key file
	 */
	public Path keyFile() {
		return this.keyFile;
	}

	/**
	 * Returns the temporary directory with the configuration, zones and log.
	 * @return the working directory
	 */
	public Path workDirectory() {
		return this.workDirectory;
	}

	/**
	 * Queries this server, without recursion, for the TXT records of a name.
	 * @param name the record name, with or without a trailing dot
	 * @return the values, each with its strings joined, in answer order
	 * @throws IllegalStateException if the server does not answer NOERROR or NXDOMAIN
	 */
	public List<String> txtValues(String name) {
		Message response = query(name, Type.TXT);
		int rcode = response.getRcode();
		if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
			throw new IllegalStateException("named answered " + Rcode.string(rcode) + " for TXT " + name);
		}
		List<String> values = new ArrayList<>();
		for (Record record : response.getSection(Section.ANSWER)) {
			if (record instanceof TXTRecord txt) {
				values.add(String.join("", txt.getStrings()));
			}
		}
		return values;
	}

	/**
	 * Reads the output of {@code named} followed by the log its configuration writes,
	 * which records each query error, update and TSIG failure.
	 * @return the log text
	 */
	public String log() {
		return readIfExists(this.logFile) + readIfExists(this.eventLogFile);
	}

	private static String readIfExists(Path file) {
		try {
			return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to read " + file, ex);
		}
	}

	/**
	 * Stops {@code named} and deletes the working directory. Calling it again does
	 * nothing.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		stopProcess();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down and runs the hook anyway.
		}
		deleteRecursively(this.workDirectory);
	}

	private Message query(String name, int type) {
		Message query;
		try {
			query = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
		}
		catch (TextParseException ex) {
			throw new IllegalArgumentException("Invalid name '" + name + "'", ex);
		}
		query.getHeader().unsetFlag(Flags.RD);
		SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(LOOPBACK, this.port));
		resolver.setTimeout(QUERY_TIMEOUT);
		try {
			return resolver.send(query);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("named on " + address() + " did not answer " + name, ex);
		}
	}

	private void awaitZone() {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		String lastFailure = "no answer yet";
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw startupFailure("named exited with status " + this.process.exitValue());
			}
			try {
				Message response = query(ZONE, Type.SOA);
				if (response.getRcode() == Rcode.NOERROR && response.getHeader().getFlag(Flags.AA)) {
					return;
				}
				lastFailure = "SOA query answered " + Rcode.string(response.getRcode());
			}
			catch (UncheckedIOException ex) {
				lastFailure = ex.getCause().toString();
			}
			TestProcesses.sleep(Duration.ofMillis(50), "named");
		}
		throw startupFailure("named did not answer for " + ZONE + " on " + address() + " within "
				+ STARTUP_TIMEOUT.toSeconds() + " s (last failure: " + lastFailure + ")");
	}

	private IllegalStateException startupFailure(String reason) {
		String tail;
		try {
			tail = TestProcesses.logTail(log());
		}
		catch (UncheckedIOException ex) {
			tail = "(log not readable: " + ex.getCause() + ")";
		}
		return new IllegalStateException(reason + ". Last lines of the named logs:" + System.lineSeparator() + tail);
	}

	/**
	 * Stops {@code named} with SIGTERM, which takes about two seconds, and kills it if it
	 * is still running after {@link #STOP_TIMEOUT}.
	 */
	private void stopProcess() {
		TestProcesses.stop(this.process, STOP_TIMEOUT);
	}

	private String keyConfig() {
		return """
				key "%s" {
					algorithm %s;
					secret "%s";
				};
				""".formatted(KEY_NAME, KEY_ALGORITHM, this.keySecret);
	}

	private String namedConfig() {
		String directory = this.workDirectory.toString();
		return """
				include "%1$s/tsig.key";
				options {
					directory "%1$s";
					pid-file none;
					session-keyfile "%1$s/session.key";
					listen-on port %2$d { 127.0.0.1; };
					listen-on-v6 { none; };
					recursion no;
					dnssec-validation no;
					notify no;
					allow-transfer { none; };
				};
				controls { };
				logging {
					channel test_log {
						file "%1$s/named-events.log";
						severity info;
						print-time yes;
						print-category yes;
					};
					category default { test_log; };
					category update { test_log; };
					category security { test_log; };
				};
				zone "%3$s" {
					type primary;
					file "%1$s/%3$s.zone";
					allow-update { key "%4$s"; };
				};
				zone "%5$s" {
					type primary;
					file "%1$s/%5$s.zone";
				};
				""".formatted(directory, this.port, ZONE, KEY_NAME, STATIC_ZONE);
	}

	private static String exampleZone() {
		StringBuilder zone = new StringBuilder(soaAndNs(ZONE));
		for (String host : HOST_NAMES) {
			zone.append(host).append(". IN A ").append(LOOPBACK).append('\n');
		}
		return zone.toString();
	}

	private static String staticZone() {
		return soaAndNs(STATIC_ZONE) + "ns1." + STATIC_ZONE + ". IN A " + LOOPBACK + "\n";
	}

	private static String soaAndNs(String zone) {
		return """
				$TTL 60
				@ IN SOA ns1.%1$s. hostmaster.%1$s. 1 3600 600 86400 60
				@ IN NS ns1.%1$s.
				""".formatted(zone);
	}

	private static Path findExecutable(String name) {
		String path = Objects.requireNonNullElse(System.getenv("PATH"), "") + File.pathSeparator + "/usr/sbin";
		return TestProcesses.findExecutable(name, path)
			.orElseThrow(() -> new IllegalStateException("Executable '" + name + "' not found on PATH or in /usr/sbin. "
					+ "Install BIND with: apt-get install -y bind9 bind9-dnsutils"));
	}

	private static void deleteRecursively(Path directory) {
		TestProcesses.deleteRecursively(directory, "named");
	}

}

package dev.acmeboot.autoconfigure.challenge.dns;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.acmeboot.autoconfigure.diagnostics.AcmeConfigurationException;

/**
 * Creates and deletes TXT records by running a program of the user's, once per record
 * and action. The program gets the action and the record in its environment, must exit
 * with status 0, and is stopped when it runs longer than the timeout. Its standard
 * output is discarded, and the end of its standard error goes into the error of a
 * failed run.
 *
 * @author ACME Spring Boot contributors
 */
class ExecDnsProvider implements DnsProvider {

	static final String ACTION_VARIABLE = "ACME_DNS_ACTION";

	static final String NAME_VARIABLE = "ACME_DNS_RECORD_NAME";

	static final String VALUE_VARIABLE = "ACME_DNS_RECORD_VALUE";

	/**
	 * Most characters of standard error quoted in an error.
	 */
	static final int STDERR_TAIL_LENGTH = 2_000;

	/**
	 * Time a program gets to exit after SIGTERM before it is killed.
	 */
	private static final Duration STOP_GRACE = Duration.ofSeconds(2);

	private static final Log logger = LogFactory.getLog(ExecDnsProvider.class);

	private final List<String> command;

	private final Duration timeout;

	/**
	 * Creates a provider.
	 * @param command the program and its arguments
	 * @param timeout the longest time one run may take
	 */
	ExecDnsProvider(List<String> command, Duration timeout) {
		this.command = List.copyOf(command);
		this.timeout = timeout;
	}

	/**
	 * Validates the properties of the {@code exec} provider and creates it.
	 * @param properties the bound properties
	 * @return the provider
	 * @throws AcmeConfigurationException if the command is missing or not executable, or
	 * the timeout is not positive
	 */
	static ExecDnsProvider of(AcmeDnsProperties.Exec properties) {
		List<String> command = properties.getCommand().stream().filter(Objects::nonNull).map(String::trim).toList();
		if (command.isEmpty() || command.get(0).isEmpty()) {
			throw new AcmeConfigurationException("acme.dns.exec.command", null,
					"The exec provider needs a program to create and delete TXT records.",
					"Set 'acme.dns.exec.command' to the path of an executable program, followed by its arguments "
							+ "if any, such as '/etc/acme/dns-hook.sh'.");
		}
		if (findExecutable(command.get(0)) == null) {
			throw new AcmeConfigurationException("acme.dns.exec.command", String.join(",", command),
					"The program '" + command.get(0) + "' does not exist or is not executable.",
					"Set 'acme.dns.exec.command' to the path of an executable program, or make the file "
							+ "executable (chmod +x).");
		}
		Duration timeout = properties.getTimeout();
		if (timeout.isNegative() || timeout.isZero()) {
			throw new AcmeConfigurationException("acme.dns.exec.timeout", timeout, "The timeout must be positive.",
					"Set 'acme.dns.exec.timeout' to a positive duration such as '60s', or remove it to use that "
							+ "default.");
		}
		return new ExecDnsProvider(command, timeout);
	}

	private static @Nullable Path findExecutable(String program) {
		if (program.indexOf(File.separatorChar) >= 0) {
			Path path = Path.of(program);
			return (Files.isRegularFile(path) && Files.isExecutable(path)) ? path : null;
		}
		String searchPath = Objects.requireNonNullElse(System.getenv("PATH"), "");
		for (String directory : searchPath.split(File.pathSeparator)) {
			Path candidate = Path.of(directory.isEmpty() ? "." : directory, program);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	@Override
	public void createTxtRecord(String name, String value) throws IOException {
		run("create", name, value);
	}

	@Override
	public void deleteTxtRecord(String name, String value) throws IOException {
		run("delete", name, value);
	}

	private void run(String action, String name, String value) throws IOException {
		String what = "'" + String.join(" ", this.command) + "' (" + ACTION_VARIABLE + "=" + action + ", "
				+ NAME_VARIABLE + "=" + name + ")";
		Path stderr = Files.createTempFile("acme-dns-exec-", ".stderr");
		try {
			ProcessBuilder builder = new ProcessBuilder(this.command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.redirectError(stderr.toFile());
			Map<String, String> environment = builder.environment();
			environment.put(ACTION_VARIABLE, action);
			environment.put(NAME_VARIABLE, name);
			environment.put(VALUE_VARIABLE, value);
			logger.debug("Running " + what);
			Process process = builder.start();
			process.getOutputStream().close();
			int status = await(process, what);
			if (status != 0) {
				throw new IOException(what + " exited with status " + status + describeStderr(stderr));
			}
		}
		finally {
			Files.deleteIfExists(stderr);
		}
	}

	private int await(Process process, String what) throws IOException {
		try {
			if (process.waitFor(this.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				return process.exitValue();
			}
			stop(process);
			throw new IOException(what + " did not finish within " + DurationText.of(this.timeout)
					+ " and was stopped (acme.dns.exec.timeout)");
		}
		catch (InterruptedException ex) {
			stop(process);
			Thread.currentThread().interrupt();
			InterruptedIOException interrupted = new InterruptedIOException("Interrupted while running " + what);
			interrupted.initCause(ex);
			throw interrupted;
		}
	}

	/**
	 * Stops the program and the processes it started, such as {@code nsupdate}, first
	 * with SIGTERM and then, after a grace period, with SIGKILL.
	 */
	private static void stop(Process process) {
		List<ProcessHandle> descendants = process.descendants().toList();
		process.destroy();
		descendants.forEach(ProcessHandle::destroy);
		try {
			if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
	}

	private static String describeStderr(Path stderr) throws IOException {
		String text = new String(Files.readAllBytes(stderr), StandardCharsets.UTF_8).strip();
		if (text.isEmpty()) {
			return " and wrote nothing to standard error";
		}
		if (text.length() > STDERR_TAIL_LENGTH) {
			text = "..." + text.substring(text.length() - STDERR_TAIL_LENGTH);
		}
		return "; standard error ends with: " + text;
	}

	@Override
	public String toString() {
		return "ExecDnsProvider[command=" + this.command + ", timeout=" + this.timeout + "]";
	}

}

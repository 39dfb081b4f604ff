package dev.acmeboot.autoconfigure.pebble;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Helpers for the test servers that run as child processes on {@link #LOOPBACK}, such as
 * {@link PebbleServer} and {@link BindServer}: free ports, executables on the
 * {@code PATH}, process start and stop, log tails and working directories.
 */
final class TestProcesses {

	/**
	 * The address that every test server binds to.
	 */
	static final String LOOPBACK = "127.0.0.1";

	private static final int LOG_TAIL_LINES = 40;

	private TestProcesses() {
	}

	/**
	 * Finds {@code count} distinct free TCP ports on {@link #LOOPBACK}, none equal to
	 * {@code excludedPort}. The sockets stay bound until all ports are chosen, so the ports
	 * differ from each other, but another process can take one before the server binds it.
	 * @param count the number of ports
	 * @param excludedPort a port that must not be chosen, or 0
	 * @return the ports
	 * @throws UncheckedIOException if a socket cannot be bound
	 */
	static int[] findFreePorts(int count, int excludedPort) {
		List<ServerSocket> sockets = new ArrayList<>();
		Set<Integer> ports = new LinkedHashSet<>();
		try {
			while (ports.size() < count) {
				ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK));
				sockets.add(socket);
				if (socket.getLocalPort() != excludedPort) {
					ports.add(socket.getLocalPort());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to find a free port on " + LOOPBACK, ex);
		}
		finally {
			for (ServerSocket socket : sockets) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// A socket that fails to close keeps its port, which the server then fails
					// to bind.
				}
			}
		}
		return ports.stream().mapToInt(Integer::intValue).toArray();
	}

	/**
	 * Finds a port on {@link #LOOPBACK} that is free for both TCP and UDP. Another process
	 * can still take it before the server binds it.
	 * @return the port
	 * @throws IOException if none of 20 free TCP ports is free for UDP too
	 */
	static int findFreeTcpAndUdpPort() throws IOException {
		InetAddress loopback = InetAddress.getByName(LOOPBACK);
		for (int attempt = 0; attempt < 20; attempt++) {
			try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
				int candidate = tcp.getLocalPort();
				try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, candidate))) {
					return candidate;
				}
				catch (IOException ex) {
					// The UDP port is taken; try another.
				}
			}
		}
		throw new IOException("Found no port on " + LOOPBACK + " that is free for both TCP and UDP");
	}

	/**
	 * Finds an executable regular file in the directories of a search path.
	 * @param name the file name
	 * @param searchPath directories separated by {@link File#pathSeparator}, in the form
	 * of the {@code PATH} environment variable
	 * @return the first match, or empty if no directory contains one
	 */
	static Optional<Path> findExecutable(String name, String searchPath) {
		for (String directory : searchPath.split(File.pathSeparator)) {
			if (directory.isEmpty()) {
				continue;
			}
			Path candidate = Path.of(directory, name);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/**
	 * Creates a process builder that runs the command in a working directory, appends
	 * standard output and standard error to a log file, and reads standard input from
	 * {@code /dev/null}. The process inherits the JVM's environment unless the caller
	 * changes {@link ProcessBuilder#environment()}.
	 * @param command the executable and its arguments
	 * @param workDirectory the working directory of the process
	 * @param logFile the file that receives the output
	 * @return the process builder
	 */
	static ProcessBuilder processBuilder(List<String> command, Path workDirectory, Path logFile) {
		return new ProcessBuilder(command).directory(workDirectory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
	}

	/**
	 * Stops a process with SIGTERM and kills it if it is still running after the timeout.
	 * Does nothing if the process is {@code null} or has exited. If the calling thread is
	 * interrupted, kills the process at once and keeps the interrupt flag set.
	 * @param process the process, or {@code null}
	 * @param timeout how long to wait for the process to exit after SIGTERM, and again
	 * after the kill
	 */
	static void stop(Process process, Duration timeout) {
		if (process == null || !process.isAlive()) {
			return;
		}
		process.destroy();
		try {
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Returns the last 40 lines of a log, for the message of a startup failure.
	 * @param log the log text with {@code \n} line ends
	 * @return the lines, joined with the platform line separator
	 */
	static String logTail(String log) {
		List<String> lines = List.of(log.split("\n"));
		return String.join(System.lineSeparator(),
				lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
	}

	/**
	 * Sleeps while the caller polls a process.
	 * @param duration the time to sleep
	 * @param awaited what the caller waits for, for the message, such as {@code "named"}
	 * @throws IllegalStateException if the thread is interrupted, with the interrupt flag
	 * set again
	 */
	static void sleep(Duration duration, String awaited) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + awaited, ex);
		}
	}

	/**
	 * Deletes a working directory and everything in it. Does nothing if the directory
	 * does not exist.
	 * @param directory the directory
	 * @param owner the program that works in the directory, for the message, such as
	 * {@code "Pebble"}
	 * @throws UncheckedIOException if a file cannot be deleted
	 */
	static void deleteRecursively(Path directory, String owner) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to delete the " + owner + " working directory " + directory, ex);
		}
	}

}

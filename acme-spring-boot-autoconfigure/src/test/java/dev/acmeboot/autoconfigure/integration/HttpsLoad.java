package dev.acmeboot.autoconfigure.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends HTTPS requests in a loop from two threads, one that opens a new connection (and
 * so a new handshake) for each request and one that keeps a connection alive, and counts
 * every failure.
 */
final class HttpsLoad implements AutoCloseable {

	private final int port;

	private final String hostName;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicLong succeeded = new AtomicLong();

	private final List<String> failures = new CopyOnWriteArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	HttpsLoad(int port, String hostName) {
		this.port = port;
		this.hostName = hostName;
		this.threads.add(new Thread(this::newConnections, "load-new-connections"));
		this.threads.add(new Thread(this::keepAlive, "load-keep-alive"));
		this.threads.forEach(Thread::start);
	}

	long succeeded() {
		return this.succeeded.get();
	}

	List<String> failures() {
		return this.failures;
	}

	private void newConnections() {
		while (this.running.get()) {
			try (TlsClient.Connection connection = TlsClient.connect(this.port, this.hostName)) {
				record(connection.get("/"));
			}
			catch (Exception ex) {
				this.failures.add("new connection: " + ex);
			}
		}
	}

	private void keepAlive() {
		try (TlsClient.Connection connection = TlsClient.connect(this.port, this.hostName)) {
			while (this.running.get()) {
				record(connection.get("/"));
			}
		}
		catch (Exception ex) {
			if (this.running.get()) {
				this.failures.add("keep-alive: " + ex);
			}
		}
	}

	private void record(int status) {
		if (status == 200) {
			this.succeeded.incrementAndGet();
		}
		else {
			this.failures.add("status " + status);
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		for (Thread thread : this.threads) {
			thread.join(15_000);
		}
	}

}

package dev.acmeboot.autoconfigure.challenge.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import dev.acmeboot.autoconfigure.issuance.IssuanceException;

/**
 * Waits until every TXT record is served by each authoritative server of its zone. The
 * servers are queried directly, without recursion, so that no cache hides a record
 * that is missing. A record counts as visible only in a response with the
 * Authoritative Answer (AA) flag.
 *
 * @author ACME Spring Boot contributors
 */
class AuthoritativePropagationCheck implements PropagationCheck {

	/**
	 * Maximum wait for one server's response to one query.
	 */
	static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(AuthoritativePropagationCheck.class);

	private final AuthoritativeServers servers;

	private final Duration timeout;

	private final Duration interval;

	/**
	 * Creates a check.
	 * @param servers finds the servers to query for each record
	 * @param timeout how long to wait for all records
	 * @param interval the wait between two rounds of queries
	 */
	AuthoritativePropagationCheck(AuthoritativeServers servers, Duration timeout, Duration interval) {
		this.servers = servers;
		this.timeout = timeout;
		this.interval = interval;
	}

	@Override
	public void await(List<TxtRecord> records) throws InterruptedException {
		long start = System.nanoTime();
		long deadline = start + this.timeout.toNanos();
		List<Probe> pending = probes(records);
		logger.info("Waiting for " + records.size() + " TXT record(s) on " + pending.stream()
			.map((probe) -> hostAndPort(probe.server))
			.distinct()
			.toList());
		while (true) {
			pending.removeIf(Probe::isVisible);
			if (pending.isEmpty()) {
				logger.info("All TXT records are visible after "
						+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
				return;
			}
			if (System.nanoTime() + this.interval.toNanos() > deadline) {
				throw timedOut(pending.get(0));
			}
			Thread.sleep(this.interval.toMillis());
		}
	}

	private List<Probe> probes(List<TxtRecord> records) {
		List<Probe> probes = new ArrayList<>();
		for (TxtRecord record : records) {
			Name name = parse(record);
			List<InetSocketAddress> addresses;
			try {
				addresses = this.servers.find(name);
			}
			catch (IOException ex) {
				throw new IssuanceException("Unable to find the authoritative servers for the TXT record " + record
						+ ": " + ex.getMessage(), ex);
			}
			for (InetSocketAddress address : addresses) {
				probes.add(new Probe(record, name, address));
			}
		}
		return probes;
	}

	private IssuanceException timedOut(Probe probe) {
		String server = hostAndPort(probe.server);
		return new IssuanceException("The TXT record " + probe.record + " is not visible on " + server + " after "
				+ DurationText.of(this.timeout) + " (last response: " + probe.lastResponse
				+ "). Check that the DNS provider creates it in the zone these servers serve, or raise "
				+ "acme.dns.propagation-timeout if the provider is slow to publish changes");
	}

	private static String hostAndPort(InetSocketAddress server) {
		return new DnsServerAddress(server.getAddress().getHostAddress(), server.getPort()).toString();
	}

	private static Name parse(TxtRecord record) {
		try {
			return Name.fromString(record.name(), Name.root);
		}
		catch (TextParseException ex) {
			throw new IssuanceException("The TXT record name '" + record.name() + "' is invalid", ex);
		}
	}

	/**
	 * One record on one server, with the last response for the timeout message.
	 */
	private static final class Probe {

		private final TxtRecord record;

		private final Name name;

		private final InetSocketAddress server;

		private String lastResponse = "none yet";

		Probe(TxtRecord record, Name name, InetSocketAddress server) {
			this.record = record;
			this.name = name;
			this.server = server;
		}

		boolean isVisible() {
			Message query = Message.newQuery(org.xbill.DNS.Record.newRecord(this.name, Type.TXT, DClass.IN));
			query.getHeader().unsetFlag(Flags.RD);
			SimpleResolver resolver = new SimpleResolver(this.server);
			resolver.setTimeout(QUERY_TIMEOUT);
			Message response;
			try {
				response = resolver.send(query);
			}
			catch (IOException ex) {
				this.lastResponse = "no response, " + ex.getMessage();
				return false;
			}
			this.lastResponse = describe(response);
			logger.debug("TXT " + this.name + " on " + hostAndPort(this.server) + ": " + this.lastResponse);
			return response.getRcode() == Rcode.NOERROR && response.getHeader().getFlag(Flags.AA)
					&& values(response).contains(this.record.value());
		}

		private List<String> values(Message response) {
			List<String> values = new ArrayList<>();
			for (org.xbill.DNS.Record answer : response.getSection(Section.ANSWER)) {
				if (answer instanceof TXTRecord txt && txt.getName().equals(this.name)) {
					values.add(String.join("", txt.getStrings()));
				}
			}
			return values;
		}

		private String describe(Message response) {
			int rcode = response.getRcode();
			if (rcode != Rcode.NOERROR) {
				return Rcode.string(rcode);
			}
			String authority = response.getHeader().getFlag(Flags.AA) ? "" : "non-authoritative ";
			List<String> values = values(response);
			return values.isEmpty() ? authority + "no TXT record" : authority + "TXT values " + values;
		}

	}

}

package dev.acmeboot.autoconfigure.challenge.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Finds the servers that the propagation check queries for a record.
 *
 * @author ACME Spring Boot contributors
 */
@FunctionalInterface
interface AuthoritativeServers {

	/**
	 * Returns the servers that must serve the record.
	 * @param recordName the absolute record name
	 * @return one or more server addresses
	 * @throws IOException if the servers cannot be found
	 */
	List<InetSocketAddress> find(Name recordName) throws IOException;

	/**
	 * Returns the same configured servers for every record.
	 * @param servers the configured servers
	 * @return the servers
	 */
	static AuthoritativeServers of(List<DnsServerAddress> servers) {
		List<DnsServerAddress> copy = List.copyOf(servers);
		return (recordName) -> {
			List<InetSocketAddress> addresses = new ArrayList<>();
			for (DnsServerAddress server : copy) {
				addresses.add(server.socketAddress());
			}
			return addresses;
		};
	}

	/**
	 * Looks up the zone of each record and its name servers through the system's
	 * resolvers, and queries the name servers on port 53.
	 * @return the lookup
	 */
	static AuthoritativeServers lookUpNameServers() {
		return lookUpNameServers(new ExtendedResolver(), DnsServerAddress.DEFAULT_PORT);
	}

	/**
	 * Looks up the zone of each record and the addresses of the zone's name servers.
	 * The zone is the owner of the SOA record that a query for the record name returns,
	 * in the answer at a zone apex and in the authority section otherwise.
	 * @param lookups the recursive resolver for the SOA, NS and address lookups, such as
	 * the system's resolver
	 * @param port the port the name servers are queried on, 53 except in tests
	 * @return the lookup
	 */
	static AuthoritativeServers lookUpNameServers(Resolver lookups, int port) {
		return (recordName) -> {
			Name zone = findZone(lookups, recordName);
			List<InetSocketAddress> addresses = new ArrayList<>();
			for (org.xbill.DNS.Record record : query(lookups, zone, Type.NS).getSection(Section.ANSWER)) {
				if (record instanceof NSRecord ns) {
					for (InetAddress address : findAddresses(lookups, ns.getTarget())) {
						addresses.add(new InetSocketAddress(address, port));
					}
				}
			}
			if (addresses.isEmpty()) {
				throw new IOException("Found no name server addresses for zone '" + zone + "' of record '"
						+ recordName + "'. Set acme.dns.propagation-servers to the zone's authoritative servers.");
			}
			return addresses;
		};
	}

	private static Name findZone(Resolver lookups, Name recordName) throws IOException {
		Message response = query(lookups, recordName, Type.SOA);
		for (int section : new int[] { Section.ANSWER, Section.AUTHORITY }) {
			for (org.xbill.DNS.Record record : response.getSection(section)) {
				if (record instanceof SOARecord && recordName.subdomain(record.getName())) {
					return record.getName();
				}
			}
		}
		throw new IOException("Found no SOA record for '" + recordName + "' (response code "
				+ Rcode.string(response.getRcode()) + "). Set acme.dns.propagation-servers to the authoritative "
				+ "servers of its zone.");
	}

	/**
	 * Returns the IPv4 addresses of a name server, or its IPv6 addresses when it has no
	 * IPv4 address, since hosts without IPv6 routes are common.
	 */
	private static List<InetAddress> findAddresses(Resolver lookups, Name host) throws IOException {
		List<InetAddress> addresses = new ArrayList<>();
		for (org.xbill.DNS.Record record : query(lookups, host, Type.A).getSection(Section.ANSWER)) {
			if (record instanceof ARecord a) {
				addresses.add(a.getAddress());
			}
		}
		if (addresses.isEmpty()) {
			for (org.xbill.DNS.Record record : query(lookups, host, Type.AAAA).getSection(Section.ANSWER)) {
				if (record instanceof AAAARecord aaaa) {
					addresses.add(aaaa.getAddress());
				}
			}
		}
		return addresses;
	}

	private static Message query(Resolver lookups, Name name, int type) throws IOException {
		return lookups.send(Message.newQuery(org.xbill.DNS.Record.newRecord(name, type, DClass.IN)));
	}

}

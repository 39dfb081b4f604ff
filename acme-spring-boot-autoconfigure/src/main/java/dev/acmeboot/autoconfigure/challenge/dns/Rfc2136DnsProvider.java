package dev.acmeboot.autoconfigure.challenge.dns;

import java.io.IOException;
import java.time.Duration;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Update;

/**
 * Creates and deletes TXT records with dynamic updates (RFC 2136) signed with a TSIG key
 * (RFC 8945). Each update adds or deletes exactly one record, never a whole set.
 * <p>
 * dnsjava returns the server's response without raising an error for a rejected update
 * or a bad signature, so this class checks the response code, the server's TSIG error
 * and the signature of the response itself.
 *
 * @author ACME Spring Boot contributors
 */
class Rfc2136DnsProvider implements DnsProvider {

	/**
	 * TTL of created records. The records live for one validation, and CAs query the
	 * authoritative servers, so a short TTL only limits how long caches keep them.
	 */
	static final long TTL_SECONDS = 60;

	/**
	 * Maximum wait for the server's response to one update.
	 */
	static final Duration UPDATE_TIMEOUT = Duration.ofSeconds(10);

	private final Rfc2136Settings settings;

	/**
	 * Creates a provider.
	 * @param settings the validated server, zone and key
	 */
	Rfc2136DnsProvider(Rfc2136Settings settings) {
		this.settings = settings;
	}

	/**
	 * Returns the server that receives the updates.
	 * @return the primary server of the zone
	 */
	DnsServerAddress server() {
		return this.settings.server();
	}

	@Override
	public void createTxtRecord(String name, String value) throws IOException {
		Update update = new Update(this.settings.zone());
		update.add(record(name, value, TTL_SECONDS));
		send("Unable to add the record to zone '" + this.settings.zone() + "' on " + this.settings.server(), update);
	}

	@Override
	public void deleteTxtRecord(String name, String value) throws IOException {
		Update update = new Update(this.settings.zone());
		// dnsjava's delete(Record) sends the record with class NONE, which deletes only
		// the record with this exact value (RFC 2136 section 2.5.4).
		update.delete(record(name, value, 0));
		send("Unable to delete the record from zone '" + this.settings.zone() + "' on " + this.settings.server(),
				update);
	}

	private TXTRecord record(String name, String value, long ttl) throws IOException {
		Name owner;
		try {
			owner = Name.fromString(name, Name.root);
		}
		catch (TextParseException ex) {
			throw new IOException("'" + name + "' is not a valid record name", ex);
		}
		if (!owner.subdomain(this.settings.zone())) {
			throw new IOException("The record '" + owner + "' is outside the zone '" + this.settings.zone()
					+ "' set with acme.dns.rfc2136.zone");
		}
		return new TXTRecord(owner, DClass.IN, ttl, value);
	}

	private void send(String what, Update update) throws IOException {
		SimpleResolver resolver = new SimpleResolver(this.settings.server().socketAddress());
		resolver.setTCP(true);
		resolver.setTimeout(UPDATE_TIMEOUT);
		resolver.setTSIGKey(this.settings.tsig());
		Message response;
		try {
			response = resolver.send(update);
		}
		catch (IOException ex) {
			throw new IOException(what + ": " + ex.getMessage(), ex);
		}
		checkResponse(what, response);
	}

	private void checkResponse(String what, Message response) throws IOException {
		int rcode = response.getRcode();
		TSIGRecord tsig = response.getTSIG();
		if (tsig != null && tsig.getError() != Rcode.NOERROR) {
			throw new IOException(what + ": the server responded with " + Rcode.string(rcode) + " and TSIG error "
					+ Rcode.TSIGstring(tsig.getError()) + " for key '" + this.settings.keyName()
					+ "', so check that acme.dns.rfc2136.key-name, key-algorithm and key-secret match the key on the "
					+ "server" + ((tsig.getError() == Rcode.BADTIME) ? " and that both clocks are correct" : ""));
		}
		if (rcode != Rcode.NOERROR) {
			throw new IOException(
					what + ": the server responded with " + Rcode.string(rcode) + ", so " + advice(rcode));
		}
		if (!response.isVerified()) {
			String problem = response.isSigned() ? "its signature does not verify" : "it is not signed";
			throw new IOException(what + ": the server reported success, but " + problem + " with key '"
					+ this.settings.keyName() + "', so the response cannot be trusted");
		}
	}

	private String advice(int rcode) {
		return switch (rcode) {
			case Rcode.REFUSED -> "allow updates to zone '" + this.settings.zone() + "' signed with key '"
					+ this.settings.keyName() + "' on the server (BIND: allow-update or update-policy)";
			case Rcode.NOTAUTH, Rcode.NOTZONE -> "check that acme.dns.rfc2136.server is a primary server of zone '"
					+ this.settings.zone() + "' and that acme.dns.rfc2136.zone names the zone exactly";
			default -> "see the server's log for the reason";
		};
	}

	@Override
	public String toString() {
		return "Rfc2136DnsProvider[" + this.settings + "]";
	}

}

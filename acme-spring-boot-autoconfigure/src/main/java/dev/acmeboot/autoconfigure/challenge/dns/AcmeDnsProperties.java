package dev.acmeboot.autoconfigure.challenge.dns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the DNS-01 challenge, used when
 * {@code acme.challenge-type} is {@code dns-01}.
 *
 * @author ACME Spring Boot contributors
 */
@ConfigurationProperties("acme.dns")
public class AcmeDnsProperties {

	/**
	 * DNS provider that creates and deletes the TXT records. Not needed when the
	 * application defines a DnsProvider bean.
	 */
	private @Nullable Provider provider;

	/**
	 * Maximum time to wait for all TXT records of an order to be visible on the
	 * authoritative servers before the order fails. Most DNS providers publish a change
	 * to all their servers within a minute.
	 */
	private Duration propagationTimeout = Duration.ofMinutes(2);

	/**
	 * Time between two queries for a TXT record that is not visible yet.
	 */
	private Duration propagationInterval = Duration.ofSeconds(2);

	/**
	 * Authoritative DNS servers, as 'host' or 'host:port' (port 53 by default), that must
	 * serve every TXT record before the CA is asked to validate it. When empty, the
	 * 'rfc2136' provider uses 'acme.dns.rfc2136.server', and other providers look up the
	 * NS records of the record's zone through the system's resolver.
	 */
	private List<String> propagationServers = new ArrayList<>();

	private final Rfc2136 rfc2136 = new Rfc2136();

	private final Exec exec = new Exec();

	public @Nullable Provider getProvider() {
		return this.provider;
	}

	public void setProvider(@Nullable Provider provider) {
		this.provider = provider;
	}

	public Duration getPropagationTimeout() {
		return this.propagationTimeout;
	}

	public void setPropagationTimeout(Duration propagationTimeout) {
		this.propagationTimeout = propagationTimeout;
	}

	public Duration getPropagationInterval() {
		return this.propagationInterval;
	}

	public void setPropagationInterval(Duration propagationInterval) {
		this.propagationInterval = propagationInterval;
	}

	public List<String> getPropagationServers() {
		return this.propagationServers;
	}

	public void setPropagationServers(List<String> propagationServers) {
		this.propagationServers = propagationServers;
	}

	public Rfc2136 getRfc2136() {
		return this.rfc2136;
	}

	public Exec getExec() {
		return this.exec;
	}

	/**
	 * DNS providers that the starter configures from properties.
	 */
	public enum Provider {

		/**
		 * Dynamic DNS updates (RFC 2136) signed with a TSIG key, as BIND, Knot DNS and
		 * PowerDNS accept them.
		 */
		RFC2136,

		/**
		 * A program of your own that creates and deletes the records.
		 */
		EXEC

	}

	/**
	 * Settings of the 'rfc2136' provider.
	 */
	public static class Rfc2136 {

		/**
		 * Primary DNS server that accepts the updates, as 'host' or 'host:port' (port 53
		 * by default). It is also the server queried for propagation unless
		 * 'acme.dns.propagation-servers' is set.
		 */
		private @Nullable String server;

		/**
		 * Zone that contains the '_acme-challenge' records of every name, such as
		 * 'example.com'.
		 */
		private @Nullable String zone;

		/**
		 * Name of the TSIG key that signs the updates, as configured on the server.
		 */
		private @Nullable String keyName;

		/**
		 * Algorithm of the TSIG key: hmac-sha256, hmac-sha384, hmac-sha512, hmac-sha224,
		 * hmac-sha1 or hmac-md5.
		 */
		private String keyAlgorithm = "hmac-sha256";

		/**
		 * Secret of the TSIG key, base64-encoded as 'tsig-keygen' prints it.
		 */
		private @Nullable String keySecret;

		public @Nullable String getServer() {
			return this.server;
		}

		public void setServer(@Nullable String server) {
			this.server = server;
		}

		public @Nullable String getZone() {
			return this.zone;
		}

		public void setZone(@Nullable String zone) {
			this.zone = zone;
		}

		public @Nullable String getKeyName() {
			return this.keyName;
		}

		public void setKeyName(@Nullable String keyName) {
			this.keyName = keyName;
		}

		public String getKeyAlgorithm() {
			return this.keyAlgorithm;
		}

		public void setKeyAlgorithm(String keyAlgorithm) {
			this.keyAlgorithm = keyAlgorithm;
		}

		public @Nullable String getKeySecret() {
			return this.keySecret;
		}

		public void setKeySecret(@Nullable String keySecret) {
			this.keySecret = keySecret;
		}

		@Override
		public String toString() {
			String secret = (this.keySecret != null) ? "(set)" : null;
			return "Rfc2136[server=" + this.server + ", zone=" + this.zone + ", keyName=" + this.keyName
					+ ", keyAlgorithm=" + this.keyAlgorithm + ", keySecret=" + secret + "]";
		}

	}

	/**
	 * Settings of the 'exec' provider.
	 */
	public static class Exec {

		/**
		 * Program and its arguments, run once to create and once to delete each TXT
		 * record. It gets ACME_DNS_ACTION ('create' or 'delete'), ACME_DNS_RECORD_NAME
		 * (fully qualified, with a trailing dot) and ACME_DNS_RECORD_VALUE in its
		 * environment and must exit with status 0 once the change is made.
		 */
		private List<String> command = new ArrayList<>();

		/**
		 * Maximum time one run of the command may take before it is stopped and counted
		 * as failed.
		 */
		private Duration timeout = Duration.ofSeconds(60);

		public List<String> getCommand() {
			return this.command;
		}

		public void setCommand(List<String> command) {
			this.command = command;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}

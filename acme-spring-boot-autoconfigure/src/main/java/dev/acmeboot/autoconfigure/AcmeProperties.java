package dev.acmeboot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.acmeboot.autoconfigure.certificate.KeyType;
import dev.acmeboot.autoconfigure.challenge.ChallengeType;
import dev.acmeboot.autoconfigure.maintenance.RetrySchedule;

/**
 * Configuration properties for certificates obtained through ACME.
 *
 * @author ACME Spring Boot contributors
 */
@ConfigurationProperties("acme")
public class AcmeProperties {

	/**
	 * Directory URL of Let's Encrypt's production CA.
	 */
	public static final String LETS_ENCRYPT_PRODUCTION = "https://acme-v02.api.letsencrypt.org/directory";

	/**
	 * Directory URL of Let's Encrypt's staging CA, whose certificates browsers do not trust.
	 */
	public static final String LETS_ENCRYPT_STAGING = "https://acme-staging-v02.api.letsencrypt.org/directory";

	/**
	 * Name of the SSL bundle that contains the managed certificate.
	 */
	public static final String DEFAULT_SSL_BUNDLE = "acme";

	/**
	 * Whether to obtain and install certificates through ACME.
	 */
	private boolean enabled = true;

	/**
	 * Domain names of the certificate. The first name also names the certificate's
	 * storage folder.
	 */
	private List<String> domains = new ArrayList<>();

	/**
	 * Whether you accept the terms of service of the CA named by 'acme.directory-url'.
	 * No account is created until this is true.
	 */
	private boolean acceptTermsOfService;

	/**
	 * Contact e-mail address sent with the account, for messages from the CA.
	 */
	private @Nullable String email;

	/**
	 * URL of the ACME directory of the CA.
	 */
	private String directoryUrl = LETS_ENCRYPT_PRODUCTION;

	/**
	 * Name of an SSL bundle ('spring.ssl.bundle.*') whose trust material verifies the
	 * CA's HTTPS certificate. When unset, the JVM's default trust store is used.
	 */
	private @Nullable String directorySslBundle;

	/**
	 * Challenge type that proves control of the names: 'http-01' through a plain-HTTP
	 * connector, or 'dns-01' through the DNS provider configured under 'acme.dns'.
	 * Wildcard names need 'dns-01'.
	 */
	private ChallengeType challengeType = ChallengeType.HTTP_01;

	/**
	 * Port of the plain-HTTP connector that serves HTTP-01 challenge responses and redirects
	 * other requests to HTTPS. Use 0 for a free port. Not used with 'dns-01', which adds
	 * no plain-HTTP connector.
	 */
	private int httpPort = 80;

	/**
	 * Whether the plain-HTTP connector redirects requests for the configured names to
	 * HTTPS with 301. When false, it responds only to HTTP-01 challenge requests and
	 * every other request gets 404, for applications behind a proxy that redirects to
	 * HTTPS itself.
	 */
	private boolean httpRedirect = true;

	/**
	 * Folder that contains the account key, domain keys and certificates. Defaults to
	 * '.acme-spring-boot' in the user's home folder.
	 */
	private Path storageLocation = Path.of(System.getProperty("user.home"), ".acme-spring-boot");

	/**
	 * Type of the domain key created for each certificate.
	 */
	private KeyType keyType = KeyType.EC_P256;

	/**
	 * Name of the SSL bundle that serves the certificate. 'server.ssl.bundle' defaults
	 * to it.
	 */
	private String sslBundle = DEFAULT_SSL_BUNDLE;

	/**
	 * Whether to register a new account, with a new account key, when the CA reports the
	 * stored account as deactivated or unknown. When false, renewals stop and the log
	 * says how to recover.
	 */
	private boolean recreateAccount;

	private final Renewal renewal = new Renewal();

	private final Health health = new Health();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getDomains() {
		return this.domains;
	}

	public void setDomains(List<String> domains) {
		this.domains = domains;
	}

	public boolean isAcceptTermsOfService() {
		return this.acceptTermsOfService;
	}

	public void setAcceptTermsOfService(boolean acceptTermsOfService) {
		this.acceptTermsOfService = acceptTermsOfService;
	}

	public @Nullable String getEmail() {
		return this.email;
	}

	public void setEmail(@Nullable String email) {
		this.email = email;
	}

	public String getDirectoryUrl() {
		return this.directoryUrl;
	}

	public void setDirectoryUrl(String directoryUrl) {
		this.directoryUrl = directoryUrl;
	}

	public @Nullable String getDirectorySslBundle() {
		return this.directorySslBundle;
	}

	public void setDirectorySslBundle(@Nullable String directorySslBundle) {
		this.directorySslBundle = directorySslBundle;
	}

	public ChallengeType getChallengeType() {
		return this.challengeType;
	}

	public void setChallengeType(ChallengeType challengeType) {
		this.challengeType = challengeType;
	}

	public int getHttpPort() {
		return this.httpPort;
	}

	public void setHttpPort(int httpPort) {
		this.httpPort = httpPort;
	}

	public boolean isHttpRedirect() {
		return this.httpRedirect;
	}

	public void setHttpRedirect(boolean httpRedirect) {
		this.httpRedirect = httpRedirect;
	}

	public Path getStorageLocation() {
		return this.storageLocation;
	}

	public void setStorageLocation(Path storageLocation) {
		this.storageLocation = storageLocation;
	}

	public KeyType getKeyType() {
		return this.keyType;
	}

	public void setKeyType(KeyType keyType) {
		this.keyType = keyType;
	}

	public String getSslBundle() {
		return this.sslBundle;
	}

	public void setSslBundle(String sslBundle) {
		this.sslBundle = sslBundle;
	}

	public boolean isRecreateAccount() {
		return this.recreateAccount;
	}

	public void setRecreateAccount(boolean recreateAccount) {
		this.recreateAccount = recreateAccount;
	}

	public Renewal getRenewal() {
		return this.renewal;
	}

	public Health getHealth() {
		return this.health;
	}

	/**
	 * Renewal settings.
	 */
	public static class Renewal {

		/**
		 * Maximum time between two checks of a certificate. Each check adds up to 10%
		 * random jitter. Checks make no request to the CA unless a certificate is due or
		 * its renewal information must be fetched again.
		 */
		private Duration checkInterval = Duration.ofHours(1);

		/**
		 * Whether to follow the renewal window the CA suggests through ACME Renewal
		 * Information (RFC 9773) when its directory offers it. Otherwise, or when the CA
		 * offers none, a certificate is renewed once two thirds of its lifetime have passed
		 * (half for lifetimes under 10 days).
		 */
		private boolean renewalInfo = true;

		/**
		 * Waits after the first, second, third and later consecutive failures; the last
		 * one repeats. Each wait gets up to 10% random jitter, and a CA's Retry-After is
		 * honoured when it is longer. The count of failures survives restarts.
		 */
		private List<Duration> retryDelays = new ArrayList<>(RetrySchedule.DEFAULT_DELAYS);

		public Duration getCheckInterval() {
			return this.checkInterval;
		}

		public void setCheckInterval(Duration checkInterval) {
			this.checkInterval = checkInterval;
		}

		public boolean isRenewalInfo() {
			return this.renewalInfo;
		}

		public void setRenewalInfo(boolean renewalInfo) {
			this.renewalInfo = renewalInfo;
		}

		public List<Duration> getRetryDelays() {
			return this.retryDelays;
		}

		public void setRetryDelays(List<Duration> retryDelays) {
			this.retryDelays = retryDelays;
		}

	}

	/**
	 * Settings of the 'acme' health indicator, which Spring Boot's health endpoint shows
	 * when spring-boot-health is on the class path.
	 */
	public static class Health {

		/**
		 * Time after start-up during which serving the self-signed placeholder still
		 * counts as healthy. Once it has passed, the indicator is down until the CA's
		 * certificate is served.
		 */
		private Duration placeholderGracePeriod = Duration.ofMinutes(10);

		/**
		 * Maximum number of consecutive failed attempts to obtain a certificate that still
		 * count as healthy. One more failure turns the indicator down until an attempt
		 * succeeds.
		 */
		private int maxFailures = 3;

		public Duration getPlaceholderGracePeriod() {
			return this.placeholderGracePeriod;
		}

		public void setPlaceholderGracePeriod(Duration placeholderGracePeriod) {
			this.placeholderGracePeriod = placeholderGracePeriod;
		}

		public int getMaxFailures() {
			return this.maxFailures;
		}

		public void setMaxFailures(int maxFailures) {
			this.maxFailures = maxFailures;
		}

	}

}

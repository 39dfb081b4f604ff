package dev.acmeboot.autoconfigure.issuance;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.shredzone.acme4j.toolbox.JSON;

/**
 * Creates acme4j sessions for a CA's directory URL. When an SSL context is given, the
 * connection to the CA trusts what that context trusts; the JVM's default trust is never
 * changed.
 *
 * @author ACME Spring Boot contributors
 */
public class AcmeSessionFactory {

	/**
	 * Timeout for connecting to the CA and for each request.
	 */
	static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(30);

	private final URI directory;

	private final @Nullable SSLContext sslContext;

	/**
	 * Creates a factory.
	 * @param directory the directory URL of the CA
	 * @param sslContext the SSL context for connections to the CA, or {@code null} for
	 * the JVM's default
	 */
	public AcmeSessionFactory(URI directory, @Nullable SSLContext sslContext) {
		this.directory = directory;
		this.sslContext = sslContext;
	}

	/**
	 * Returns the directory URL of the CA.
	 * @return the directory URL
	 */
	public URI getDirectory() {
		return this.directory;
	}

	/**
	 * Creates a new session. A session caches the directory and is safe to share
	 * between threads.
	 * @return the session
	 */
	public Session createSession() {
		Session session = new Session(this.directory, new DirectoryProvider(this.sslContext));
		session.networkSettings().setTimeout(NETWORK_TIMEOUT);
		return session;
	}

	/**
	 * Provider for any RFC 8555 directory URL, with an optional SSL context.
	 * <p>
	 * acme4j fetches the directory again before each lookup unless the CA sent caching
	 * headers, which costs one request per order for CAs such as Pebble. A directory
	 * fetched moments ago is reused instead, for {@link #DIRECTORY_REUSE}.
	 */
	static final class DirectoryProvider extends GenericAcmeProvider {

		/**
		 * How long a fetched directory is reused when the CA allows no caching. It covers
		 * the requests of one issuance but not a retry after a failure.
		 */
		static final Duration DIRECTORY_REUSE = Duration.ofSeconds(5);

		private final @Nullable SSLContext sslContext;

		private volatile @Nullable Instant lastFetch;

		DirectoryProvider(@Nullable SSLContext sslContext) {
			this.sslContext = sslContext;
		}

		@Override
		public @Nullable JSON directory(Session session, URI serverUri) throws AcmeException {
			Instant now = Instant.now();
			Instant fetched = this.lastFetch;
			if (session.hasDirectory() && fetched != null && now.isBefore(fetched.plus(DIRECTORY_REUSE))) {
				return null;
			}
			JSON directory = super.directory(session, serverUri);
			this.lastFetch = now;
			return directory;
		}

		@Override
		public HttpClient createHttpClient(NetworkSettings settings) {
			HttpClient.Builder builder = HttpClient.newBuilder()
				.followRedirects(HttpClient.Redirect.NORMAL)
				.connectTimeout(settings.getTimeout())
				.proxy(settings.getProxySelector());
			if (settings.getAuthenticator() != null) {
				builder.authenticator(settings.getAuthenticator());
			}
			if (this.sslContext != null) {
				builder.sslContext(this.sslContext);
			}
			return builder.build();
		}

	}

}

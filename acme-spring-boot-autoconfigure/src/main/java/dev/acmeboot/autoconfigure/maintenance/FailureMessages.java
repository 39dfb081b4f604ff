package dev.acmeboot.autoconfigure.maintenance;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;

import javax.net.ssl.SSLHandshakeException;

import org.jspecify.annotations.Nullable;

/**
 * Builds one-line descriptions of failures for logs and status reports, with a hint for
 * the causes that point at the configuration.
 *
 * @author ACME Spring Boot contributors
 */
final class FailureMessages {

	private static final int MAX_DEPTH = 10;

	private FailureMessages() {
	}

	/**
	 * Joins the messages of an exception and its causes, skipping repeats, and adds a
	 * hint when the CA's TLS certificate is not trusted or the CA cannot be reached.
	 * @param failure the failure
	 * @return a one-line description
	 */
	static String describe(Throwable failure) {
		StringBuilder message = new StringBuilder();
		@Nullable String hint = null;
		Throwable current = failure;
		for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
			String text = current.getMessage();
			if (text == null || text.isBlank()) {
				text = current.getClass().getSimpleName();
			}
			if (message.indexOf(text) < 0) {
				if (message.length() > 0) {
					message.append(": ");
				}
				message.append(text.replace('\n', ' '));
			}
			if (hint == null) {
				hint = hintFor(current);
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		if (hint != null) {
			message.append(" (").append(hint).append(')');
		}
		return message.toString();
	}

	private static @Nullable String hintFor(Throwable cause) {
		if (cause instanceof SSLHandshakeException || cause instanceof CertPathBuilderException
				|| cause instanceof CertificateException) {
			return "the CA's TLS certificate is not trusted; for a private or test CA, set "
					+ "'acme.directory-ssl-bundle' to an SSL bundle that trusts it";
		}
		if (cause instanceof ConnectException || cause instanceof ClosedChannelException
				|| cause instanceof HttpConnectTimeoutException) {
			return "a connection failed; check that the server named above is running and reachable, and for the "
					+ "CA check 'acme.directory-url'";
		}
		if (cause instanceof UnknownHostException) {
			return "the CA's host name could not be resolved; check 'acme.directory-url'";
		}
		return null;
	}

}

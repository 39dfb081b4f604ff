package dev.acmeboot.autoconfigure.issuance;

import java.net.URL;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The renewal window a CA suggests for a certificate through ACME Renewal Information
 * (RFC 9773).
 *
 * @param start the start of the suggested window
 * @param end the end of the suggested window
 * @param fetchAgainAfter when the CA wants the information to be fetched again
 * @param explanation a page that explains the window, such as an incident report, or
 * {@code null}
 * @author ACME Spring Boot contributors
 */
public record RenewalWindow(Instant start, Instant end, Instant fetchAgainAfter, @Nullable URL explanation) {

	/**
	 * Returns whether the window is well formed, that is its end lies after its start.
	 * @return whether the window can be used
	 */
	public boolean isValid() {
		return this.end.isAfter(this.start);
	}

}

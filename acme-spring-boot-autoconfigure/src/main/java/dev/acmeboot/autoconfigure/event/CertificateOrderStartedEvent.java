package dev.acmeboot.autoconfigure.event;

import java.util.List;

/**
 * Published when an order for a certificate is about to be placed with the CA.
 *
 * @author ACME Spring Boot contributors
 */
public class CertificateOrderStartedEvent extends AcmeCertificateEvent {

	private final String reason;

	/**
	 * Creates an event.
	 * @param source the component that publishes the event
	 * @param domains the certificate's names
	 * @param reason why a certificate is ordered, such as "renewal window reached"
	 */
	public CertificateOrderStartedEvent(Object source, List<String> domains, String reason) {
		super(source, domains);
		this.reason = reason;
	}

	/**
	 * Returns why a certificate is ordered.
	 * @return the reason, a lower-case phrase
	 */
	public String getReason() {
		return this.reason;
	}

}

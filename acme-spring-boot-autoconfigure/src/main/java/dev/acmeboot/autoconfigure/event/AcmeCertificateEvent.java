package dev.acmeboot.autoconfigure.event;

import java.util.List;

import org.springframework.context.ApplicationEvent;

/**
 * Base class of the events published during the life of a managed certificate.
 *
 * @author ACME Spring Boot contributors
 */
public abstract class AcmeCertificateEvent extends ApplicationEvent {

	private final List<String> domains;

	/**
	 * Creates an event.
	 * @param source the component that publishes the event
	 * @param domains the certificate's names
	 */
	protected AcmeCertificateEvent(Object source, List<String> domains) {
		super(source);
		this.domains = List.copyOf(domains);
	}

	/**
	 * Returns the names of the certificate.
	 * @return the normalized names, first name first
	 */
	public List<String> getDomains() {
		return this.domains;
	}

}

package dev.acmeboot.autoconfigure.event;

import java.time.Instant;
import java.util.List;

/**
 * Published when a newly issued certificate has been stored and is served.
 *
 * @author ACME Spring Boot contributors
 */
public class CertificateInstalledEvent extends AcmeCertificateEvent {

	private final String serialNumber;

	private final Instant notAfter;

	/**
	 * Creates an event.
	 * @param source the component that publishes the event
	 * @param domains the certificate's names
	 * @param serialNumber the certificate's serial number in lower-case hexadecimal
	 * @param notAfter the end of the certificate's validity
	 */
	public CertificateInstalledEvent(Object source, List<String> domains, String serialNumber, Instant notAfter) {
		super(source, domains);
		this.serialNumber = serialNumber;
		this.notAfter = notAfter;
	}

	/**
	 * Returns the serial number of the installed certificate.
	 * @return the serial number in lower-case hexadecimal
	 */
	public String getSerialNumber() {
		return this.serialNumber;
	}

	/**
	 * Returns when the installed certificate expires.
	 * @return the end of its validity
	 */
	public Instant getNotAfter() {
		return this.notAfter;
	}

}

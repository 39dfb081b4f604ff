package dev.acmeboot.autoconfigure.event;

import java.util.List;

import org.shredzone.acme4j.RevocationReason;

/**
 * Published when a managed certificate has been revoked at the CA.
 *
 * @author ACME Spring Boot contributors
 */
public class CertificateRevokedEvent extends AcmeCertificateEvent {

	private final String serialNumber;

	private final RevocationReason reason;

	/**
	 * Creates an event.
	 * @param source the component that publishes the event
	 * @param domains the certificate's names
	 * @param serialNumber the revoked certificate's serial number in lower-case
	 * hexadecimal
	 * @param reason the reason sent to the CA
	 */
	public CertificateRevokedEvent(Object source, List<String> domains, String serialNumber,
			RevocationReason reason) {
		super(source, domains);
		this.serialNumber = serialNumber;
		this.reason = reason;
	}

	/**
	 * Returns the serial number of the revoked certificate.
	 * @return the serial number in lower-case hexadecimal
	 */
	public String getSerialNumber() {
		return this.serialNumber;
	}

	/**
	 * Returns the reason sent to the CA.
	 * @return the revocation reason
	 */
	public RevocationReason getReason() {
		return this.reason;
	}

}

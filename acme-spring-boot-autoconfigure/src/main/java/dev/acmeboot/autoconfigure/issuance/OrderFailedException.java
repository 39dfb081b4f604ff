package dev.acmeboot.autoconfigure.issuance;

import java.net.URL;

/**
 * Thrown when an order that the CA has created fails at a later step, such as a
 * challenge, finalization or the download. The message is the cause's message, prefixed
 * with the order's URL unless it already contains it, so that the order can be looked up
 * in the CA's logs.
 *
 * @author ACME Spring Boot contributors
 */
public class OrderFailedException extends IssuanceException {

	private final URL orderLocation;

	/**
	 * Creates a new exception.
	 * @param orderLocation the URL of the failed order
	 * @param cause the failure
	 */
	public OrderFailedException(URL orderLocation, Throwable cause) {
		super(describe(orderLocation, cause), cause);
		this.orderLocation = orderLocation;
	}

	/**
	 * Returns the URL of the failed order.
	 * @return the order's location
	 */
	public URL getOrderLocation() {
		return this.orderLocation;
	}

	private static String describe(URL orderLocation, Throwable cause) {
		String message = cause.getMessage();
		if (message == null || message.isBlank()) {
			message = cause.getClass().getSimpleName();
		}
		return message.contains(orderLocation.toString()) ? message : "Order " + orderLocation + " failed: " + message;
	}

}

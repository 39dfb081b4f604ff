package dev.acmeboot.autoconfigure.challenge.dns;

import java.util.List;

import dev.acmeboot.autoconfigure.issuance.IssuanceException;

/**
 * Waits until TXT records are visible where the CA will look them up.
 *
 * @author ACME Spring Boot contributors
 */
@FunctionalInterface
interface PropagationCheck {

	/**
	 * Returns once every record is visible.
	 * @param records the records of one order
	 * @throws InterruptedException if the thread is interrupted while waiting
	 * @throws IssuanceException if a record is not visible in time, naming the record
	 */
	void await(List<TxtRecord> records) throws InterruptedException;

}

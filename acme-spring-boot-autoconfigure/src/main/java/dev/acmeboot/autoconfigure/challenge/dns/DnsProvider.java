package dev.acmeboot.autoconfigure.challenge.dns;

import java.io.IOException;

/**
 * Creates and deletes the TXT records that DNS-01 challenges require. Define a bean of
 * this type to use a DNS service that the starter does not configure itself. Such a bean
 * replaces the provider set with {@code acme.dns.provider}.
 * <p>
 * A wildcard name and its base name, such as {@code *.example.com} and
 * {@code example.com}, share one record name with two values, and the CA checks both
 * while both exist. An implementation must therefore add and delete single records and
 * never replace or delete the whole set of TXT records of a name.
 * <p>
 * Names are fully qualified and end with a dot, such as
 * {@code _acme-challenge.example.com.}.
 *
 * @author ACME Spring Boot contributors
 */
public interface DnsProvider {

	/**
	 * Adds a TXT record and keeps any other TXT record of the same name. The record need
	 * not be visible yet when this method returns: the starter waits for it on the
	 * authoritative servers.
	 * @param name the record name, such as {@code _acme-challenge.example.com.}
	 * @param value the record value, the challenge digest
	 * @throws IOException if the record cannot be created
	 */
	void createTxtRecord(String name, String value) throws IOException;

	/**
	 * Deletes the TXT record with this name and value, and no other. It is also called
	 * after a failed {@link #createTxtRecord}, in case the record was created anyway, so
	 * deleting a record that does not exist should succeed.
	 * @param name the record name, such as {@code _acme-challenge.example.com.}
	 * @param value the value passed to {@link #createTxtRecord}
	 * @throws IOException if the record cannot be deleted
	 */
	void deleteTxtRecord(String name, String value) throws IOException;

}

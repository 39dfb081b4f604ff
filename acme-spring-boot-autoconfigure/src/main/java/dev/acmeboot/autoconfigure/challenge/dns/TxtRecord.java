package dev.acmeboot.autoconfigure.challenge.dns;

/**
 * One TXT record that a DNS-01 challenge requires.
 *
 * @param name the fully qualified record name with a trailing dot, such as
 * {@code _acme-challenge.example.com.}
 * @param value the challenge digest
 * @author ACME Spring Boot contributors
 */
record TxtRecord(String name, String value) {

	@Override
	public String toString() {
		return "'" + this.name + "' with value '" + this.value + "'";
	}

}

/**
 * The DNS-01 challenge: a {@link dev.acmeboot.autoconfigure.challenge.dns.DnsProvider}
 * creates and deletes the TXT records, and a check makes sure that the records are
 * visible on the zone's authoritative servers before the CA validates them.
 */
@NullMarked
package dev.acmeboot.autoconfigure.challenge.dns;

import org.jspecify.annotations.NullMarked;

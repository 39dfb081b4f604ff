package dev.acmeboot.autoconfigure.storage;

import java.net.URL;
import java.security.KeyPair;

import org.jspecify.annotations.Nullable;

/**
 * An ACME account as kept in storage.
 *
 * @param keyPair the account key pair that signs every request
 * @param location the account URL the CA returned, or {@code null} if the account was
 * not registered yet
 * @author ACME Spring Boot contributors
 */
public record StoredAccount(KeyPair keyPair, @Nullable URL location) {

}

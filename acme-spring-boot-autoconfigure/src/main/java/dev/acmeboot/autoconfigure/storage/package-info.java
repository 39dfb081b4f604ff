/**
 * Storage of accounts, keys and certificates.
 */
@NullMarked
package dev.acmeboot.autoconfigure.storage;

import org.jspecify.annotations.NullMarked;

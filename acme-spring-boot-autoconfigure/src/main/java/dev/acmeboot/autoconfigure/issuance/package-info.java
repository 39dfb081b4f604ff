/**
 * The ACME issuance flow: session, account, order, authorizations, finalization.
 */
@NullMarked
package dev.acmeboot.autoconfigure.issuance;

import org.jspecify.annotations.NullMarked;

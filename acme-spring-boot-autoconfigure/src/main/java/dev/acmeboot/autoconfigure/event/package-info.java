/**
 * Application events published during the life of a managed certificate.
 */
@NullMarked
package dev.acmeboot.autoconfigure.event;

import org.jspecify.annotations.NullMarked;

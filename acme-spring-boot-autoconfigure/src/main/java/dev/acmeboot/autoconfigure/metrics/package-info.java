/**
 * Micrometer metrics of the managed certificates and their orders.
 */
@NullMarked
package dev.acmeboot.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;

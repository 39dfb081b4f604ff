/**
 * Health indicator and actuator endpoint for the managed certificates.
 */
@NullMarked
package dev.acmeboot.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;

/**
 * Auto-configuration for automatic HTTPS with certificates from an ACME CA.
 */
@NullMarked
package dev.acmeboot.autoconfigure;

import org.jspecify.annotations.NullMarked;

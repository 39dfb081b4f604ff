/**
 * Registration and hot swap of the SSL bundle that the web server uses.
 */
@NullMarked
package dev.acmeboot.autoconfigure.ssl;

import org.jspecify.annotations.NullMarked;

/**
 * Certificate names, keys, placeholders and the checks made before a certificate is served.
 */
@NullMarked
package dev.acmeboot.autoconfigure.certificate;

import org.jspecify.annotations.NullMarked;

/**
 * The loop that obtains, renews and retries certificates in the background.
 */
@NullMarked
package dev.acmeboot.autoconfigure.maintenance;

import org.jspecify.annotations.NullMarked;

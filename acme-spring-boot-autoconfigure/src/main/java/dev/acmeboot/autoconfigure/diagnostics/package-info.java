/**
 * Start-up checks of the configuration and their failure analysis.
 */
@NullMarked
package dev.acmeboot.autoconfigure.diagnostics;

import org.jspecify.annotations.NullMarked;

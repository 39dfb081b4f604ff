/**
 * HTTP-01 challenge answering on a plain-HTTP Tomcat connector.
 */
@NullMarked
package dev.acmeboot.autoconfigure.challenge;

import org.jspecify.annotations.NullMarked;

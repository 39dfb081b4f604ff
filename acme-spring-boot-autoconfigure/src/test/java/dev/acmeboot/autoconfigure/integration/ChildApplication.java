package dev.acmeboot.autoconfigure.integration;

import org.springframework.boot.SpringApplication;

/**
 * Runs {@link IntegrationTestApplication} in a separate JVM, so that a test can kill it
 * the way an operating system would.
 */
public final class ChildApplication {

	private ChildApplication() {
	}

	public static void main(String[] args) {
		SpringApplication.run(IntegrationTestApplication.class, args);
	}

}

package dev.acmeboot.autoconfigure.integration;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Applications without dnsjava on the class path, which is optional: HTTP-01 works, and
 * DNS-01 stops start-up with a report that names the missing dependency. Each case runs
 * in a separate JVM whose class path lacks the dnsjava jar.
 */
class WithoutDnsjavaIntegrationTests {

	@TempDir
	Path storage;

	@TempDir
	Path logs;

	@Test
	void http01StartsWithoutDnsjava() throws Exception {
		Path log = this.logs.resolve("http01.log");
		Process child = startChild(log, "--acme.domains=app.example.test", "--acme.http-port=0");
		try {
			await().atMost(Duration.ofSeconds(60))
				.until(() -> read(log).contains("Answering HTTP-01 challenges on port") || !child.isAlive());
			assertThat(child.isAlive()).as(read(log)).isTrue();
			assertThat(read(log)).doesNotContain("NoClassDefFoundError").doesNotContain("org.xbill.DNS");
		}
		finally {
			child.destroyForcibly();
			child.waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void dns01ReportsMissingDnsjava() throws Exception {
		Path log = this.logs.resolve("dns01.log");
		Process child = startChild(log, "--acme.domains=*.app.example.test", "--acme.challenge-type=dns-01",
				"--acme.dns.provider=exec", "--acme.dns.exec.command=sh,-c,exit 0");
		try {
			assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
			String output = read(log);
			assertThat(child.exitValue()).as(output).isNotZero();
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("Property: acme.challenge-type")
				.contains("Value: 'dns-01'")
				.contains("Add the dependency 'dnsjava:dnsjava'")
				.doesNotContain("NoClassDefFoundError");
		}
		finally {
			child.destroyForcibly();
		}
	}

	private Process startChild(Path log, String... arguments) throws Exception {
		String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> !Path.of(entry).getFileName().toString().startsWith("dnsjava-"))
			.collect(Collectors.joining(File.pathSeparator));
		assertThat(classPath).isNotEqualTo(System.getProperty("java.class.path"));
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-cp");
		command.add(classPath);
		command.add(ChildApplication.class.getName());
		command.addAll(List.of("--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
				"--acme.accept-terms-of-service=true", "--acme.directory-url=https://127.0.0.1:1/dir",
				"--acme.storage-location=" + this.storage));
		command.addAll(List.of(arguments));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	private static String read(Path log) throws Exception {
		return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
	}

}

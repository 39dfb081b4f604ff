package dev.acmeboot.autoconfigure.challenge.dns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.acmeboot.autoconfigure.diagnostics.AcmeConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link ExecDnsProvider}.
 */
class ExecDnsProviderTests {

	@TempDir
	Path directory;

	@Test
	void passesActionNameAndValueInEnvironment() throws Exception {
		Path output = this.directory.resolve("calls.txt");
		Path script = script("echo \"$ACME_DNS_ACTION $ACME_DNS_RECORD_NAME $ACME_DNS_RECORD_VALUE\" >> " + output);
		ExecDnsProvider provider = new ExecDnsProvider(List.of(script.toString()), Duration.ofSeconds(10));

		provider.createTxtRecord("_acme-challenge.app.example.test.", "digest-1");
		provider.deleteTxtRecord("_acme-challenge.app.example.test.", "digest-1");

		assertThat(Files.readAllLines(output)).containsExactly("create _acme-challenge.app.example.test. digest-1",
				"delete _acme-challenge.app.example.test. digest-1");
	}

	@Test
	void passesConfiguredArguments() throws Exception {
		Path output = this.directory.resolve("arguments.txt");
		Path script = script("echo \"$1 $2\" > " + output);
		ExecDnsProvider provider = new ExecDnsProvider(List.of(script.toString(), "--zone", "example.test"),
				Duration.ofSeconds(10));

		provider.createTxtRecord("_acme-challenge.app.example.test.", "digest");

		assertThat(Files.readString(output)).isEqualTo("--zone example.test\n");
	}

	@Test
	void failedExitReportsStatusAndStderr() throws IOException {
		Path script = script("echo 'update failed: REFUSED' >&2\nexit 3");
		ExecDnsProvider provider = new ExecDnsProvider(List.of(script.toString()), Duration.ofSeconds(10));

		assertThatIOException().isThrownBy(() -> provider.createTxtRecord("_acme-challenge.app.example.test.", "x"))
			.withMessageContaining(script.toString())
			.withMessageContaining("ACME_DNS_ACTION=create")
			.withMessageContaining("ACME_DNS_RECORD_NAME=_acme-challenge.app.example.test.")
			.withMessageContaining("exited with status 3")
			.withMessageContaining("update failed: REFUSED");
	}

	@Test
	void failedExitWithoutStderrSaysSo() throws IOException {
		Path script = script("exit 1");
		ExecDnsProvider provider = new ExecDnsProvider(List.of(script.toString()), Duration.ofSeconds(10));

		assertThatIOException().isThrownBy(() -> provider.deleteTxtRecord("_acme-challenge.app.example.test.", "x"))
			.withMessageContaining("exited with status 1 and wrote nothing to standard error");
	}

	@Test
	void longStderrKeepsOnlyTail() throws IOException {
		Path script = script("i=0\nwhile [ $i -lt 500 ]; do echo \"line $i of the error output\" >&2; i=$((i+1)); "
				+ "done\nexit 2");
		ExecDnsProvider provider = new ExecDnsProvider(List.of(script.toString()), Duration.ofSeconds(10));

		assertThatIOException().isThrownBy(() -> provider.createTxtRecord("_acme-challenge.app.example.test.", "x"))
			.withMessageContaining("line 499 of the error output")
			.withMessageNotContaining("line 0 of the error output")
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(ExecDnsProvider.STDERR_TAIL_LENGTH + 500));
	}

	@Test
	void slowProgramIsStoppedAfterTimeout() throws IOException {
		Path marker = this.directory.resolve("finished.txt");
		Path script = script("sleep 30\ntouch " + marker);
		ExecDnsProvider provider = new ExecDnsProvider(List.of(script.toString()), Duration.ofMillis(500));
		long start = System.nanoTime();

		assertThatIOException().isThrownBy(() -> provider.createTxtRecord("_acme-challenge.app.example.test.", "x"))
			.withMessageContaining("did not finish within 500 ms")
			.withMessageContaining("acme.dns.exec.timeout");

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		assertThat(marker).doesNotExist();
	}

	@Test
	void ofRejectsMissingCommand() {
		AcmeDnsProperties.Exec properties = new AcmeDnsProperties().getExec();

		assertThatExceptionOfType(AcmeConfigurationException.class).isThrownBy(() -> ExecDnsProvider.of(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.dns.exec.command"))
			.satisfies((ex) -> assertThat(ex.getValue()).isNull())
			.satisfies((ex) -> assertThat(ex.getAction()).contains("acme.dns.exec.command"));
	}

	@Test
	void ofRejectsProgramThatIsNotExecutable() throws IOException {
		Path notExecutable = Files.writeString(this.directory.resolve("hook.sh"), "#!/bin/sh\n");
		AcmeDnsProperties.Exec properties = new AcmeDnsProperties().getExec();
		properties.setCommand(List.of(notExecutable.toString()));

		assertThatExceptionOfType(AcmeConfigurationException.class).isThrownBy(() -> ExecDnsProvider.of(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.dns.exec.command"))
			.satisfies((ex) -> assertThat(ex.getAction()).contains("chmod +x"))
			.withMessageContaining("does not exist or is not executable");
	}

	@Test
	void ofRejectsMissingProgram() {
		AcmeDnsProperties.Exec properties = new AcmeDnsProperties().getExec();
		properties.setCommand(List.of(this.directory.resolve("missing.sh").toString()));

		assertThatExceptionOfType(AcmeConfigurationException.class).isThrownBy(() -> ExecDnsProvider.of(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.dns.exec.command"));
	}

	@Test
	void ofRejectsNonPositiveTimeout() throws IOException {
		AcmeDnsProperties.Exec properties = new AcmeDnsProperties().getExec();
		properties.setCommand(List.of(script("exit 0").toString()));
		properties.setTimeout(Duration.ZERO);

		assertThatExceptionOfType(AcmeConfigurationException.class).isThrownBy(() -> ExecDnsProvider.of(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("acme.dns.exec.timeout"));
	}

	@Test
	void ofFindsProgramOnPath() {
		AcmeDnsProperties.Exec properties = new AcmeDnsProperties().getExec();
		properties.setCommand(List.of("sh", "-c", "exit 0"));

		assertThat(ExecDnsProvider.of(properties).toString()).contains("[sh, -c, exit 0]");
	}

	private Path script(String body) throws IOException {
		Path script = this.directory.resolve("hook-" + System.nanoTime() + ".sh");
		Files.writeString(script, "#!/bin/sh\n" + body + "\n", StandardCharsets.US_ASCII);
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
		return script;
	}

}

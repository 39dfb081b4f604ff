package dev.acmeboot.autoconfigure.maintenance;

import java.util.List;

import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FailureLog}.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureLogTests {

	private final FailureLog log = new FailureLog(LogFactory.getLog(FailureLogTests.class));

	@Test
	void firstFailureIsWarning(CapturedOutput output) {
		this.log.failed("Connection refused", "Attempt 1 failed: Connection refused", new IllegalStateException());

		assertThat(linesWith(output, "Attempt 1 failed")).singleElement().asString().contains("WARN");
	}

	@Test
	void repeatedFailureIsInfoWithCount(CapturedOutput output) {
		this.log.failed("Connection refused", "Attempt 1 failed: Connection refused", new IllegalStateException());
		this.log.failed("Connection refused", "Attempt 2 failed: Connection refused", new IllegalStateException());
		this.log.failed("Connection refused", "Attempt 3 failed: Connection refused", new IllegalStateException());

		List<String> second = linesWith(output, "Attempt 2 failed");
		List<String> third = linesWith(output, "Attempt 3 failed");
		assertThat(second).singleElement().asString().contains("INFO");
		assertThat(second).singleElement().asString().contains("(same error 2 times in a row)");
		assertThat(third).singleElement().asString().contains("INFO");
		assertThat(third).singleElement().asString().contains("(same error 3 times in a row)");
	}

	@Test
	void changedErrorIsWarningAgain(CapturedOutput output) {
		this.log.failed("Connection refused", "Attempt 1 failed: Connection refused", new IllegalStateException());
		this.log.failed("Connection refused", "Attempt 2 failed: Connection refused", new IllegalStateException());
		this.log.failed("Rate limited", "Attempt 3 failed: Rate limited", new IllegalStateException());
		this.log.failed("Connection refused", "Attempt 4 failed: Connection refused", new IllegalStateException());

		assertThat(linesWith(output, "Attempt 3 failed")).singleElement().asString().contains("WARN");
		assertThat(linesWith(output, "Attempt 3 failed")).singleElement().asString().doesNotContain("same error");
		assertThat(linesWith(output, "Attempt 4 failed")).singleElement().asString().contains("WARN");
	}

	@Test
	void errorsDifferingInUrlsRepeat(CapturedOutput output) {
		this.log.failed("Order https://ca.example.test/order/1 failed: http://app.example.test/token-a: 404",
				"Attempt 1 failed", new IllegalStateException());
		this.log.failed("Order https://ca.example.test/order/2 failed: http://app.example.test/token-b: 404",
				"Attempt 2 failed", new IllegalStateException());

		assertThat(linesWith(output, "Attempt 2 failed")).singleElement().asString().contains("INFO");
	}

	@Test
	void successMakesNextFailureWarning(CapturedOutput output) {
		this.log.failed("Connection refused", "Attempt 1 failed", new IllegalStateException());
		this.log.succeeded();
		this.log.failed("Connection refused", "Attempt 2 failed", new IllegalStateException());

		assertThat(linesWith(output, "Attempt 2 failed")).singleElement().asString().contains("WARN");
	}

	private static List<String> linesWith(CapturedOutput output, String text) {
		return output.toString().lines().filter((line) -> line.contains(text)).toList();
	}

}

package dev.acmeboot.autoconfigure.issuance;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OrderFailedException}.
 */
class OrderFailedExceptionTests {

	private static final URL ORDER = url("https://127.0.0.1:14000/my-order/abc");

	@Test
	void messageNamesOrderAndCause() {
		OrderFailedException exception = new OrderFailedException(ORDER, new IllegalStateException("CSR rejected"));

		assertThat(exception).hasMessage("Order https://127.0.0.1:14000/my-order/abc failed: CSR rejected");
		assertThat(exception.getOrderLocation()).isEqualTo(ORDER);
		assertThat(exception).hasCauseInstanceOf(IllegalStateException.class);
	}

	@Test
	void messageKeepsCauseNamingOrder() {
		String message = "Authorization for 'app.example.test' is invalid; abandoning order " + ORDER;

		OrderFailedException exception = new OrderFailedException(ORDER, new IssuanceException(message));

		assertThat(exception).hasMessage(message);
	}

	@Test
	void messageNamesCauseTypeWithoutMessage() {
		OrderFailedException exception = new OrderFailedException(ORDER, new IllegalStateException());

		assertThat(exception).hasMessage("Order " + ORDER + " failed: IllegalStateException");
	}

	private static URL url(String text) {
		try {
			return URI.create(text).toURL();
		}
		catch (MalformedURLException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}

package dev.acmeboot.sample;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.maintenance.CertificateManager;
import dev.acmeboot.autoconfigure.ssl.CertificateState;

/**
 * Renews the certificate on request, so that the benchmark script can swap certificates
 * while it loads the server. It exists only when
 * {@code sample.benchmark.renew-endpoint=true}. Never enable it on a reachable server:
 * anyone who can send a request could make the application order certificates until the
 * CA's rate limits stop it.
 *
 * @author ACME Spring Boot contributors
 */
@RestController
@ConditionalOnBooleanProperty("sample.benchmark.renew-endpoint")
class BenchmarkRenewalController {

	private final CertificateManager certificates;

	BenchmarkRenewalController(CertificateManager certificates) {
		this.certificates = certificates;
	}

	@PostMapping("/benchmark/renew")
	ResponseEntity<String> renew() {
		if (!this.certificates.renew()) {
			String reason = this.certificates.getState()
				.getLastFailure()
				.map(CertificateState.Failure::message)
				.orElse("unknown");
			return ResponseEntity.internalServerError().body("Renewal failed: " + reason + "\n");
		}
		String serial = this.certificates.getState()
			.getServedBundle()
			.map(CertificateBundle::serialNumber)
			.orElse("unknown");
		return ResponseEntity.ok("Serving serial " + serial + "\n");
	}

}

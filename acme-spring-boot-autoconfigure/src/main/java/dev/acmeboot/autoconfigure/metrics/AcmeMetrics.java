package dev.acmeboot.autoconfigure.metrics;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;

import org.springframework.context.ApplicationListener;

import dev.acmeboot.autoconfigure.certificate.CertificateBundle;
import dev.acmeboot.autoconfigure.event.AcmeCertificateEvent;
import dev.acmeboot.autoconfigure.event.CertificateInstalledEvent;
import dev.acmeboot.autoconfigure.event.CertificateOrderStartedEvent;
import dev.acmeboot.autoconfigure.event.CertificateRenewalFailedEvent;
import dev.acmeboot.autoconfigure.ssl.CertificateState;

/**
 * Micrometer meters of the managed certificates, each tagged with the certificate's
 * first name as {@code certificate}:
 * <ul>
 * <li>{@value #EXPIRY}, a time gauge of the time until the served certificate expires,
 * negative once it has expired and NaN while the self-signed placeholder or nothing is
 * served,</li>
 * <li>{@value #ORDERS}, a counter of finished orders tagged with {@code outcome}
 * {@code success} or {@code failure}, and</li>
 * <li>{@value #ISSUANCE}, a timer from the start of an order until the certificate is
 * installed or the attempt failed, tagged with the same {@code outcome}.</li>
 * </ul>
 * Orders are counted and timed from the certificate events, so the meters follow every
 * attempt, including those an application starts through the
 * {@link dev.acmeboot.autoconfigure.maintenance.CertificateManager}.
 *
 * @author ACME Spring Boot contributors
 */
public class AcmeMetrics implements ApplicationListener<AcmeCertificateEvent> {

	static final String EXPIRY = "acme.certificate.expiry";

	static final String ORDERS = "acme.orders";

	static final String ISSUANCE = "acme.issuance";

	private static final String CERTIFICATE_TAG = "certificate";

	private static final String OUTCOME_TAG = "outcome";

	private static final String SUCCESS = "success";

	private static final String FAILURE = "failure";

	private final MeterRegistry registry;

	private final Map<String, Timer.Sample> ordersInProgress = new ConcurrentHashMap<>();

	/**
	 * Creates the meters of the given certificates in the registry.
	 * @param registry the registry to add the meters to
	 * @param certificates the managed certificates
	 */
	public AcmeMetrics(MeterRegistry registry, List<CertificateState> certificates) {
		this.registry = registry;
		for (CertificateState certificate : certificates) {
			String name = certificate.getCertificate().domains().get(0);
			TimeGauge.builder(EXPIRY, certificate, TimeUnit.SECONDS, this::secondsUntilExpiry)
				.description("Time until the served certificate expires")
				.tag(CERTIFICATE_TAG, name)
				.strongReference(true)
				.register(registry);
			orders(name, SUCCESS);
			orders(name, FAILURE);
		}
	}

	@Override
	public void onApplicationEvent(AcmeCertificateEvent event) {
		String name = event.getDomains().get(0);
		if (event instanceof CertificateOrderStartedEvent) {
			this.ordersInProgress.put(name, Timer.start(this.registry));
		}
		else if (event instanceof CertificateInstalledEvent) {
			finish(name, SUCCESS);
		}
		else if (event instanceof CertificateRenewalFailedEvent) {
			finish(name, FAILURE);
		}
	}

	private void finish(String name, String outcome) {
		orders(name, outcome).increment();
		Timer.Sample sample = this.ordersInProgress.remove(name);
		if (sample != null) {
			sample.stop(Timer.builder(ISSUANCE)
				.description("Time from the start of an order until the certificate is installed or the attempt "
						+ "failed")
				.tag(CERTIFICATE_TAG, name)
				.tag(OUTCOME_TAG, outcome)
				.register(this.registry));
		}
	}

	private Counter orders(String name, String outcome) {
		return Counter.builder(ORDERS)
			.description("Orders for certificates that succeeded or failed")
			.tag(CERTIFICATE_TAG, name)
			.tag(OUTCOME_TAG, outcome)
			.register(this.registry);
	}

	private double secondsUntilExpiry(CertificateState certificate) {
		Optional<CertificateBundle> served = certificate.getServedBundle();
		if (served.isEmpty() || certificate.isServingPlaceholder()) {
			return Double.NaN;
		}
		long nowMillis = this.registry.config().clock().wallTime();
		return (served.get().notAfter().toEpochMilli() - nowMillis) / 1000.0;
	}

}

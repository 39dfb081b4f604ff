package dev.acmeboot.autoconfigure.integration;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.acmeboot.autoconfigure.event.AcmeCertificateEvent;

/**
 * Records every certificate event the application publishes.
 */
class RecordedEvents implements ApplicationListener<AcmeCertificateEvent> {

	private final List<AcmeCertificateEvent> events = new CopyOnWriteArrayList<>();

	@Override
	public void onApplicationEvent(AcmeCertificateEvent event) {
		this.events.add(event);
	}

	<T extends AcmeCertificateEvent> List<T> ofType(Class<T> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class RecordedEventsConfiguration {

		@Bean
		RecordedEvents recordedEvents() {
			return new RecordedEvents();
		}

	}

}

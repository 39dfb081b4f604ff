package dev.acmeboot.autoconfigure.integration;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A web application for integration tests: one endpoint at {@code /} and a security
 * configuration that lets every request through.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@RestController
class IntegrationTestApplication {

	@GetMapping("/")
	String hello() {
		return "hello";
	}

	@Bean
	SecurityFilterChain permitAll(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
	}

}

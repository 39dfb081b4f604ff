package dev.acmeboot.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A minimal web application whose HTTPS certificate comes from an ACME CA.
 *
 * @author ACME Spring Boot contributors
 */
@SpringBootApplication
@RestController
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	@GetMapping("/")
	String hello() {
		return "Hello over HTTPS\n";
	}

}

package dev.acmeboot.autoconfigure.challenge;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when {@code acme.challenge-type} selects the given challenge type, or when it
 * is not set and the type is {@link ChallengeType#HTTP_01}.
 *
 * @author ACME Spring Boot contributors
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnChallengeTypeCondition.class)
public @interface ConditionalOnChallengeType {

	/**
	 * Returns the challenge type that must be selected.
	 * @return the challenge type
	 */
	ChallengeType value();

}

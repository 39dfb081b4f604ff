package dev.acmeboot.autoconfigure.challenge;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Condition behind {@link ConditionalOnChallengeType}. It binds the property as
 * {@code @ConfigurationProperties} do, so {@code dns-01}, {@code DNS_01} and
 * {@code dns01} all select {@link ChallengeType#DNS_01}.
 *
 * @author ACME Spring Boot contributors
 */
class OnChallengeTypeCondition extends SpringBootCondition {

	static final String PROPERTY = "acme.challenge-type";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ChallengeType required = metadata.getAnnotations()
			.get(ConditionalOnChallengeType.class)
			.getEnum("value", ChallengeType.class);
		ChallengeType selected = Binder.get(context.getEnvironment())
			.bind(PROPERTY, ChallengeType.class)
			.orElse(ChallengeType.HTTP_01);
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnChallengeType.class, required);
		if (selected == required) {
			return ConditionOutcome.match(message.because(PROPERTY + " is " + selected));
		}
		return ConditionOutcome.noMatch(message.because(PROPERTY + " is " + selected));
	}

}

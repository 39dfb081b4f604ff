package dev.acmeboot.autoconfigure.challenge;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The HTTP-01 tokens currently offered to the CA, each with its key authorization.
 * Entries expire on their own, so a token is never served for long after its
 * authorization, even if clean-up was missed.
 *
 * @author ACME Spring Boot contributors
 */
public class Http01TokenStore {

	/**
	 * Maximum time a token is served. Authorizations that take longer than this
	 * are abandoned by the issuance flow anyway.
	 */
	static final Duration TOKEN_LIFETIME = Duration.ofMinutes(30);

	/**
	 * Upper bound on tokens held at once, far above what concurrent orders need.
	 */
	private static final long MAX_TOKENS = 1_000;

	/**
	 * Tokens are base64url without padding (RFC 8555 section 8.3); CAs send 43
	 * characters, and 128 leaves room for others.
	 */
	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,128}");

	private final Cache<String, String> tokens;

	/**
	 * Creates an empty store.
	 */
	public Http01TokenStore() {
		this.tokens = Caffeine.newBuilder().expireAfterWrite(TOKEN_LIFETIME).maximumSize(MAX_TOKENS).build();
	}

	/**
	 * Offers a token.
	 * @param token the challenge token
	 * @param keyAuthorization the response to serve for it
	 */
	public void put(String token, String keyAuthorization) {
		if (!isWellFormed(token)) {
			throw new IllegalArgumentException("Invalid HTTP-01 token '" + token + "': expected 1 to 128 base64url characters");
		}
		this.tokens.put(token, keyAuthorization);
	}

	/**
	 * Withdraws a token.
	 * @param token the challenge token
	 */
	public void remove(String token) {
		this.tokens.invalidate(token);
	}

	/**
	 * Returns the key authorization of a token that is currently offered.
	 * @param token the token from the request path, not yet validated
	 * @return the key authorization, or empty for an unknown or malformed token
	 */
	public Optional<String> get(String token) {
		if (!isWellFormed(token)) {
			return Optional.empty();
		}
		return Optional.ofNullable(this.tokens.getIfPresent(token));
	}

	static boolean isWellFormed(String token) {
		return TOKEN.matcher(token).matches();
	}

}

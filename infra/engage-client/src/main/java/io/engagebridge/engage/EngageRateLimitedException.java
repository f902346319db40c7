package io.engagebridge.engage;

import java.time.Duration;

/**
 * Too many requests for the API key: Engage answered 429, or the key's rate budget has no slot soon enough for a
 * live call (status 429 too, no body). Live calls do not retry it (they would only add to the load); the budget
 * pauses every caller of the key for {@code Retry-After}, or {@code engage.rate-limit.pause} when Engage gives none.
 */
public final class EngageRateLimitedException extends EngageUnavailableException {

    public EngageRateLimitedException(String code, String message, String rawBody, Duration retryAfter) {
        super(429, code, message, rawBody, retryAfter, null);
    }
}

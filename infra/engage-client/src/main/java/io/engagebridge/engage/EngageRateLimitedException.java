package io.engagebridge.engage;

import java.time.Duration;
import java.util.Optional;

/**
 * Too many requests for the API key: Engage answered 429, or the key's rate budget has no slot soon enough for a
 * live call (status 429 too, no body). Not an {@link EngageUnavailableException}, so the live wrappers, which retry
 * and count only those, neither retry it (that would only add to the load) nor open a breaker on it; the budget
 * pauses every caller of the key for {@code Retry-After}, or {@code engage.rate-limit.pause} when Engage gives none.
 */
public final class EngageRateLimitedException extends EngageException {

    private final Duration retryAfter;

    public EngageRateLimitedException(String code, String message, String rawBody, Duration retryAfter) {
        super(429, code, message, rawBody, null);
        this.retryAfter = retryAfter;
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.RATE_LIMITED;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

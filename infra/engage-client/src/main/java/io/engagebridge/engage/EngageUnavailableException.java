package io.engagebridge.engage;

import java.time.Duration;
import java.util.Optional;

/**
 * Engage did not answer usefully (transport failure, timeout, 5xx, credentials refused): worth retrying later. A 429
 * is {@link EngageRateLimitedException} instead: retrying at once would only add to the load.
 */
public final class EngageUnavailableException extends EngageException {

    private final Duration retryAfter;

    public EngageUnavailableException(int status, String code, String message, String rawBody, Duration retryAfter,
            Throwable cause) {
        super(status, code, message, rawBody, cause);
        this.retryAfter = retryAfter;
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.RETRYABLE;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

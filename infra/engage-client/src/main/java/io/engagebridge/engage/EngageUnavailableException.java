package io.engagebridge.engage;

import java.time.Duration;
import java.util.Optional;

/** Engage did not answer usefully (transport failure, timeout, 5xx, 429, credentials refused): worth retrying later. */
public sealed class EngageUnavailableException extends EngageException permits EngageRateLimitedException {

    private final Duration retryAfter;

    public EngageUnavailableException(int status, String code, String message, String rawBody, Duration retryAfter,
            Throwable cause) {
        super(status, code, message, rawBody, cause);
        this.retryAfter = retryAfter;
    }

    @Override
    public FailureClass failureClass() {
        return status() == 429 ? FailureClass.RATE_LIMITED : FailureClass.RETRYABLE;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

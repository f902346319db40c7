package io.engagebridge.engage;

import java.time.Duration;
import java.util.Optional;

/**
 * One typed error for every way an Engage call can fail. Carries the HTTP status (0 when no answer came),
 * Engage's error code, its message and the raw body for the log; never the API key or request headers.
 */
public abstract sealed class EngageException extends RuntimeException
        permits EngageUnavailableException, EngageRateLimitedException, EngageRejectedException, EngageExpectedException {

    private final int status;
    private final String code;
    private final String rawBody;

    protected EngageException(int status, String code, String message, String rawBody, Throwable cause) {
        super(message, cause, false, cause == null);
        this.status = status;
        this.code = code;
        this.rawBody = rawBody;
    }

    /** HTTP status, or 0 when Engage did not answer (connection refused, reset, timeout). */
    public int status() {
        return status;
    }

    /** Engage's error code ({@code ContactNotFound}, ...), or null. */
    public String code() {
        return code;
    }

    /** The body as Engage sent it, for the log; null when there was none. */
    public String rawBody() {
        return rawBody;
    }

    public abstract FailureClass failureClass();

    /** How long Engage asked us to wait (Retry-After), when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }

    public boolean hasCode(String expected) {
        return expected.equalsIgnoreCase(code);
    }

    /** A short line for logs and stored errors: {@code 409 PromotionAlreadyRedeemed: message}. */
    public String summary() {
        String where = status == 0 ? "no answer" : String.valueOf(status);
        return code == null ? where + ": " + getMessage() : where + " " + code + ": " + getMessage();
    }
}

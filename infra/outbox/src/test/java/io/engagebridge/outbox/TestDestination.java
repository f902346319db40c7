package io.engagebridge.outbox;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * A destination's failure as its client would raise it, and the reader that tells the relay what it means: the
 * tests' stand-in for a real client's mapping (Engage's lives in engage-outbox).
 */
public final class TestDestination {

    private TestDestination() {
    }

    /** Failed with HTTP {@code status} (0: no answer at all). */
    public static Error error(int status, String message) {
        return new Error(status, message, Duration.ZERO);
    }

    public static Error tooManyRequests(Duration retryAfter) {
        return new Error(429, "slow down", retryAfter);
    }

    public static final class Error extends RuntimeException {
        final int status;
        final Duration retryAfter;

        Error(int status, String message, Duration retryAfter) {
            super(message, null, false, false);
            this.status = status;
            this.retryAfter = retryAfter;
        }

        String summary() {
            return (status == 0 ? "no answer" : String.valueOf(status)) + " " + getMessage();
        }
    }

    @ApplicationScoped
    public static class Reader implements FailureReader {

        @Override
        public Optional<SendFailure> read(Throwable failure) {
            if (!(failure instanceof Error error)) {
                return Optional.empty();
            }
            if (error.status == 429) {
                return Optional.of(new SendFailure.RateLimited(error.summary(), error.retryAfter));
            }
            if (error.status == 400 || error.status == 422) {
                return Optional.of(new SendFailure.GiveUp("Rejected: " + error.summary()));
            }
            boolean unanswered = error.status == 0 || error.status >= 500;
            return Optional.of(new SendFailure.Failed(error.summary(), error.retryAfter, unanswered));
        }
    }
}

package io.engagebridge.outbox;

import java.time.Duration;

/**
 * Everything the relay needs to know of a send that did not go through, and all it can do about it. A handler says
 * it with {@link SendFailed}; a failure of the destination itself is read by the service's {@link FailureReader}.
 */
public sealed interface SendFailure {

    /** A short line for the log and the message's {@code last_error}. */
    String reason();

    /** Not yet: something else must happen first (a contact still being created). Waits {@code delay}, uncharged. */
    record NotYet(String reason, Duration delay) implements SendFailure {
    }

    /**
     * The destination did not take it but may later: the attempt is charged and the message retried with backoff,
     * no sooner than {@code atLeast}, until {@code outbox.max-attempts}. {@code unanswered}: no answer at all, or a
     * server error, which counts towards an outage (see {@link DestinationHealth}).
     */
    record Failed(String reason, Duration atLeast, boolean unanswered) implements SendFailure {
    }

    /** The destination asks us to slow down: charged, waits at least {@code retryAfter}. */
    record RateLimited(String reason, Duration retryAfter) implements SendFailure {
    }

    /** It will never go through: DEAD at once, with the reason, to be listed and re-driven by an operator. */
    record GiveUp(String reason) implements SendFailure {
    }
}

package io.engagebridge.outbox;

import java.util.Optional;

/**
 * Reads what a handler's failure says of the destination: supplied by the destination's client (for Engage, the
 * {@code engage-outbox} module), so the outbox knows no client's errors. Answers empty for a failure that did not
 * come from the destination (a bug, the service's own database): the relay then retries it with backoff and takes
 * it as no sign of the destination's health. Without a reader bean every failure is read that way.
 */
public interface FailureReader {

    Optional<SendFailure> read(Throwable failure);
}

package io.engagebridge.outbox;

import io.smallrye.mutiny.Uni;

/**
 * Sends one kind of message to Engage. A service registers one CDI bean per kind it enqueues.
 * <p>
 * Success is a completed {@code Uni}. A failure is classified by {@link io.engagebridge.engage.EngageErrors}:
 * retryable and 429 are retried with backoff, rejected ends as DEAD. Throw {@link RetryLater} to wait for something
 * else (a contact still being created) without using up an attempt.
 */
public interface OutboxHandler {

    /** The kind this handler sends, e.g. {@code receipt.send}. */
    String kind();

    Uni<Void> handle(OutboxMessage message);
}

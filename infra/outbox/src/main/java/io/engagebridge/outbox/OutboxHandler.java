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

    /**
     * Most messages of this kind that may go to Engage in one request (a bulk call). Above 1, the relay collects up
     * to this many due messages of the kind and calls {@link #handleBatch}; the outcome applies to all of them.
     */
    default int maxBatch() {
        return 1;
    }

    /** Sends several messages in one request; called only when {@link #maxBatch()} is above 1 and two or more are due. */
    default Uni<Void> handleBatch(java.util.List<OutboxMessage> messages) {
        return io.smallrye.mutiny.Multi.createFrom().iterable(messages)
                .onItem().transformToUniAndConcatenate(this::handle)
                .collect().last().replaceWithVoid();
    }
}

package io.engagebridge.outbox;

import java.util.List;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Sends one kind of message. A service registers one CDI bean per kind it enqueues.
 * <p>
 * Success is a completed {@code Uni}. A failure is a {@link SendFailed} carrying the handler's own verdict (not yet,
 * give up), or whatever the destination's client failed with, which the service's {@link FailureReader} reads. A
 * payload that cannot be read as the kind's type never reaches the handler: the message ends DEAD, saying why.
 */
public interface OutboxHandler<P> {

    /** The kind this handler sends: its name and payload type. */
    MessageKind<P> kind();

    Uni<Void> handle(OutboxMessage<P> message);

    /**
     * Most messages of this kind that may go in one request (a bulk call). Above 1, the relay collects up to this
     * many due messages of the kind and calls {@link #handleBatch}; the outcome applies to all of them.
     */
    default int maxBatch() {
        return 1;
    }

    /** Sends several messages in one request; called only when {@link #maxBatch()} is above 1 and two or more are due. */
    default Uni<Void> handleBatch(List<OutboxMessage<P>> messages) {
        return Multi.createFrom().iterable(messages)
                .onItem().transformToUniAndConcatenate(this::handle)
                .collect().last().replaceWithVoid();
    }
}

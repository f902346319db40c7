package io.engagebridge.outbox;

import java.time.OffsetDateTime;

/** A claimed row as the relay gets it, its payload still JSON text. */
record ClaimedMessage(long id, String kind, String key, String payload, int attempts, OffsetDateTime createdAt) {

    <P> OutboxMessage<P> withPayload(P read) {
        return new OutboxMessage<>(id, kind, key, read, attempts, createdAt);
    }
}

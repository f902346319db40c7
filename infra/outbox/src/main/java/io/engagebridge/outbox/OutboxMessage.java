package io.engagebridge.outbox;

import java.time.OffsetDateTime;

/** One claimed message as a handler sees it, its payload already read. {@code attempts} counts this one. */
public record OutboxMessage<P>(long id, String kind, String key, P payload, int attempts, OffsetDateTime createdAt) {
}

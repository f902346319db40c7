package io.engagebridge.outbox;

import java.time.OffsetDateTime;

/** One claimed message as a handler sees it. {@code attempts} counts this one. */
public record OutboxMessage(long id, String kind, String key, String payload, int attempts, OffsetDateTime createdAt) {
}

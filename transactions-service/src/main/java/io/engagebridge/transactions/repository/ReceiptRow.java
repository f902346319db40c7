package io.engagebridge.transactions.repository;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A stored receipt, with its outbox message's state when asked for. */
public record ReceiptRow(String uniqueReceiptId, String contactId, String keyType, String keyValue, ObjectNode request,
        OffsetDateTime createdDate, String status, OffsetDateTime acceptedAt, OffsetDateTime sentAt,
        String messageStatus, int attempts, String lastError, OffsetDateTime nextAttemptAt) {
}

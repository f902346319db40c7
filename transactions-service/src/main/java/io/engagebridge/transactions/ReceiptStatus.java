package io.engagebridge.transactions;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where a receipt stands: QUEUED (waiting or retrying), SENT (Engage accepted it) or DEAD (given up, with why). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReceiptStatus(String uniqueReceiptId, String status, String contactId, int attempts, String lastError,
        OffsetDateTime nextAttemptAt, OffsetDateTime acceptedAt, OffsetDateTime sentAt) {
}

package io.engagebridge.api.transactions;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where a receipt stands: QUEUED (waiting or retrying), SENT (Engage accepted it) or DEAD (given up, with why). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "ReceiptStatus", description = "QUEUED (waiting or retrying; nextAttemptAt), SENT or DEAD (lastError)")
public record ReceiptStatus(String uniqueReceiptId, String status, String contactId, int attempts, String lastError,
        OffsetDateTime nextAttemptAt, OffsetDateTime acceptedAt, OffsetDateTime sentAt) {
}

package io.engagebridge.api.transactions;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to a posted receipt: it is safe here and will reach Engage ({@code QUEUED}); a repeat of one accepted
 * before is told where that one stands ({@code QUEUED}, {@code SENT} or {@code DEAD}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "AcceptedReceipt", example = """
        {"uniqueReceiptId":"R-1001","status":"QUEUED","contactId":"00000000-0000-4000-8000-000000000001"}""")
public record AcceptedReceipt(String uniqueReceiptId, String status, String contactId) {
}

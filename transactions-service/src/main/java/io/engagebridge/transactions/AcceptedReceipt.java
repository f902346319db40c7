package io.engagebridge.transactions;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The answer to a posted receipt: it is safe here and will reach Engage. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AcceptedReceipt(String uniqueReceiptId, String status, String contactId) {
}

package io.engagebridge.api.transactions;

import java.math.BigDecimal;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One purchase or return in the history. {@code pending}: accepted here, not yet shown by Engage (queued, or sent
 * and waiting for Engage's import); {@code status} then says which.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Purchase")
public record Purchase(String uniqueReceiptId, String receiptNumber, String createdDate, String storeExternalId,
        String storeName, String currency, BigDecimal total, BigDecimal numberOfItems, List<Line> lines,
        boolean pending, String status) {

    public record Line(String type, String sku, String articleName, BigDecimal quantity, BigDecimal grossPaidPrice) {
    }
}

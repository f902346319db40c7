package io.engagebridge.engage.model;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code GET transactions} (assumed from v2): newest first. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TransactionsPage(List<Transaction> items, Integer totalCount, Integer offset, Integer count) {

    /** {@code externalId} is our uniqueReceiptId, {@code transactionNumber} our receiptNumber. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Transaction(String id, String externalId, String transactionNumber, String createdDate,
            String storeName, String storeExternalId, BigDecimal numberOfItems, BigDecimal netPriceSum,
            String localCurrency, List<Line> lineItems) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Line(String type, String sku, String articleName, BigDecimal quantity, BigDecimal grossPaidPrice) {
    }

    public List<Transaction> itemsOrEmpty() {
        return items == null ? List.of() : items;
    }
}

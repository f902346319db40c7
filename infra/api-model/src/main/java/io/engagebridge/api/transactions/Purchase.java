package io.engagebridge.api.transactions;

import java.math.BigDecimal;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One purchase or return in the history. {@code pending}: accepted here, not yet shown by Engage (queued, or sent
 * and waiting for Engage's import); {@code status} then says which. {@code total} is worked out the same way in
 * both cases (see {@link #totalOf}), so a purchase shows the same total before and after Engage imports it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Purchase")
public record Purchase(String uniqueReceiptId, String receiptNumber, String createdDate, String storeExternalId,
        String storeName, String currency, BigDecimal total, BigDecimal numberOfItems, List<Line> lines,
        boolean pending, String status) {

    /**
     * What was paid: the lines' paid prices (after discounts, VAT included), a RETURN's taken off, as Engage lists
     * them once imported and as the receipt sent them before. Without lines, {@code otherwise}: the receipt's
     * {@code totalGrossPrice} while pending, Engage's {@code netPriceSum} once imported (its meaning is assumed:
     * engage-api.md documents neither the lines nor the sum of a listed transaction).
     */
    public static BigDecimal totalOf(List<Line> lines, BigDecimal otherwise) {
        if (lines == null || lines.isEmpty() || lines.stream().anyMatch(line -> line.grossPaidPrice() == null)) {
            return otherwise;
        }
        return lines.stream()
                .map(line -> "RETURN".equalsIgnoreCase(line.type()) ? line.grossPaidPrice().abs().negate()
                        : line.grossPaidPrice())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public record Line(String type, String sku, String articleName, BigDecimal quantity, BigDecimal grossPaidPrice) {
    }
}

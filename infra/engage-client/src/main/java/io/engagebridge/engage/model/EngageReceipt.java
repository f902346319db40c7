package io.engagebridge.engage.model;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of {@code POST receipts} (engage-api.md, "Receipt body"). Absent optional fields are not sent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record EngageReceipt(
        Contact contact,
        String uniqueReceiptId,
        String receiptNumber,
        String createdDate,
        String storeExternalId,
        String currency,
        BigDecimal totalGrossPrice,
        List<PaymentMethod> paymentMethods,
        List<Item> items,
        List<UsedPromotion> usedPromotions,
        List<UsedBonusCheck> usedBonusChecks,
        List<ExtraData> extraData) {

    /** {@code matchKeyType}: contactId, email, mobilePhone, memberNumber, externalId or socialSecurityNumber. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Contact(String matchKey, String matchKeyType) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PaymentMethod(String type, BigDecimal value, String description) {
    }

    /** {@code type} PURCHASE or RETURN; quantity negative on RETURN, grossPaidPrice positive. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String type, String sku, BigDecimal quantity, BigDecimal grossPaidPrice, BigDecimal taxAmount,
            BigDecimal taxPercent, String articleNumber, String articleName, List<Discount> discounts) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Discount(BigDecimal value, String type, String description) {
    }

    public record UsedPromotion(String promotionId) {
    }

    public record UsedBonusCheck(String checkNumber) {
    }

    public record ExtraData(String name, String value) {
    }

    /** The same receipt naming its customer differently (e.g. by contactId once known). */
    public EngageReceipt withContact(Contact newContact) {
        return new EngageReceipt(newContact, uniqueReceiptId, receiptNumber, createdDate, storeExternalId, currency,
                totalGrossPrice, paymentMethods, items, usedPromotions, usedBonusChecks, extraData);
    }
}

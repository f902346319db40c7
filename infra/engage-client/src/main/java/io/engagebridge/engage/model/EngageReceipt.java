package io.engagebridge.engage.model;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of {@code POST receipts} (engage-api.md, "Receipt body"). Absent optional fields are not sent. Where
 * Voyado's public material names a field but not its shape, the shape is marked <i>(assumed)</i>: correct it here.
 *
 * @param exchangeRateToGroupCurrency a decimal &gt; 0 (assumed): the receipt currency's rate to the group currency
 * @param taxDetails                  objects such as {@code {description, value, totalTax, taxPercent}} (assumed),
 *                                    passed on as they came, fields unknown to us included
 */
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
        List<ExtraData> extraData,
        BigDecimal exchangeRateToGroupCurrency,
        List<ObjectNode> taxDetails) {

    /** {@code matchKeyType}: contactId, email, mobilePhone, memberNumber, externalId or socialSecurityNumber. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Contact(String matchKey, String matchKeyType) {
    }

    /** {@code extraData}: {@code [{name, value}]} like the receipt's own (assumed). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PaymentMethod(String type, BigDecimal value, String description, List<ExtraData> extraData) {
    }

    /**
     * {@code type} PURCHASE or RETURN; quantity negative on RETURN, grossPaidPrice positive. {@code articleGroup} a
     * string or an object such as {@code {id, name}} (assumed), passed on as it came; {@code extraData}
     * {@code [{name, value}]} (assumed); {@code awardsBonus} a boolean (assumed).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String type, String sku, BigDecimal quantity, BigDecimal grossPaidPrice, BigDecimal taxAmount,
            BigDecimal taxPercent, String articleNumber, String articleName, List<Discount> discounts,
            JsonNode articleGroup, List<ExtraData> extraData, Boolean awardsBonus) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Discount(BigDecimal value, String type, String description) {
    }

    /** {@code couponId}: the coupon (code) used with the promotion, a string (assumed). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UsedPromotion(String promotionId, String couponId) {
    }

    public record UsedBonusCheck(String checkNumber) {
    }

    public record ExtraData(String name, String value) {
    }

    /** The same receipt naming its customer differently (e.g. by contactId once known). */
    public EngageReceipt withContact(Contact newContact) {
        return new EngageReceipt(newContact, uniqueReceiptId, receiptNumber, createdDate, storeExternalId, currency,
                totalGrossPrice, paymentMethods, items, usedPromotions, usedBonusChecks, extraData,
                exchangeRateToGroupCurrency, taxDetails);
    }
}

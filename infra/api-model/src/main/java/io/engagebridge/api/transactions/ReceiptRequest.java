package io.engagebridge.api.transactions;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.api.Checks;
import io.engagebridge.api.CustomerKeyText;
import io.engagebridge.api.EngageId;
import io.engagebridge.api.contacts.NewContactRequest;

/**
 * {@code POST /receipts}: a finished purchase or return, named to its customer by a contactId or one key. The rest is
 * Engage's receipt body as Voyado documents it (transactions-service keeps the two in step: a field here is a field
 * of {@code EngageReceipt}); where Voyado names a field but not its shape, the shape is <i>assumed</i> there.
 * Amounts are decimals of at most 12 digits before the point and 6 after ({@link Amount}).
 */
@ConsistentReceipt(groups = Checks.Then.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Receipt", description = "Name the customer by exactly one of contactId, email, mobilePhone, "
        + "memberNumber, externalId. Lines add up to totalGrossPrice, and so do the payments (within 0.01); a RETURN "
        + "line has a negative quantity and a positive price.", example = ReceiptRequest.EXAMPLE)
public record ReceiptRequest(
        @Schema(description = "The customer's Engage contactId, when known")
        @EngageId(message = "must be an Engage contact id") String contactId,
        @Schema(description = "The customer's e-mail, when the contactId is not known")
        @JsonDeserialize(using = CustomerKeyText.class) String email,
        @JsonDeserialize(using = CustomerKeyText.class) String mobilePhone,
        @JsonDeserialize(using = CustomerKeyText.class) String memberNumber,
        @JsonDeserialize(using = CustomerKeyText.class) String externalId,
        @Schema(implementation = NewContactRequest.class,
                description = "With a key: create the customer when not in Engage (as identify's create)")
        ObjectNode create,
        @Schema(required = true, maxLength = 100, example = "R-1001")
        @NotBlank(message = REQUIRED) @Size(max = 100, message = "is longer than 100 characters") String uniqueReceiptId,
        String receiptNumber,
        @Schema(required = true, description = "ISO 8601 with an offset", example = "2026-11-26T10:14:00+01:00")
        @NotBlank(message = REQUIRED) @OffsetDateTimeText String createdDate,
        @Schema(required = true, example = "S001") @NotBlank(message = REQUIRED) String storeExternalId,
        @Schema(required = true, description = "ISO 4217", pattern = "[A-Z]{3}", example = "SEK")
        @NotBlank(message = REQUIRED)
        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as SEK", groups = Checks.Then.class)
        String currency,
        @Schema(required = true) @NotNull(message = REQUIRED) @Amount BigDecimal totalGrossPrice,
        @Schema(required = true, minItems = 1)
        @NotEmpty(message = "must hold at least one payment")
        List<@NotNull(message = OBJECT) @Valid PaymentMethod> paymentMethods,
        @Schema(required = true, minItems = 1)
        @NotEmpty(message = "must hold at least one line")
        List<@NotNull(message = OBJECT) @Valid Item> items,
        List<@NotNull(message = OBJECT) @Valid UsedPromotion> usedPromotions,
        List<UsedBonusCheck> usedBonusChecks,
        List<ExtraData> extraData,
        @Schema(description = "The receipt currency's rate to the group currency (assumed: a decimal > 0)")
        @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
        @Amount(fraction = 12) BigDecimal exchangeRateToGroupCurrency,
        @Schema(description = "Objects such as {description, value, totalTax, taxPercent} (assumed), passed on as "
                + "they come") List<ObjectNode> taxDetails) {

    static final String REQUIRED = "is required";
    static final String OBJECT = "must be a JSON object";

    /** The customer fields: who the receipt belongs to, not part of Engage's receipt body. */
    public static final List<String> CUSTOMER_FIELDS = List.of("contactId", "email", "mobilePhone", "memberNumber",
            "externalId", "create");

    static final String EXAMPLE = """
            {"contactId":"00000000-0000-4000-8000-000000000001","uniqueReceiptId":"R-1001","receiptNumber":"1001",
             "createdDate":"2026-11-26T10:14:00+01:00","storeExternalId":"S001","currency":"SEK",
             "totalGrossPrice":200.00,"paymentMethods":[{"type":"card","value":200.00}],
             "items":[{"type":"PURCHASE","sku":"A1","quantity":1,"grossPaidPrice":200.00,"taxAmount":40.00,
                       "taxPercent":25,"articleNumber":"A1","articleName":"Shirt"}]}""";

    /** {@code extraData}: {@code [{name, value}]} like the receipt's own (assumed). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "PaymentMethod")
    public record PaymentMethod(
            @Schema(required = true, example = "card") @NotBlank(message = REQUIRED) String type,
            @Schema(required = true) @NotNull(message = REQUIRED) @Amount BigDecimal value,
            String description,
            List<ExtraData> extraData) {
    }

    /**
     * A line: {@code type} PURCHASE or RETURN; quantity negative on a RETURN, grossPaidPrice positive.
     * {@code articleGroup} a string or an object such as {@code {id, name}} (assumed), passed on as it came.
     */
    @SignedQuantity(groups = Checks.Then.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ReceiptItem")
    public record Item(
            @Schema(required = true, enumeration = { "PURCHASE", "RETURN" })
            @NotBlank(message = REQUIRED)
            @Pattern(regexp = "PURCHASE|RETURN", message = "must be PURCHASE or RETURN", groups = Checks.Then.class)
            String type,
            @Schema(required = true) @NotBlank(message = REQUIRED) String sku,
            @Schema(required = true, description = "Negative on a RETURN")
            @NotNull(message = REQUIRED) @Amount BigDecimal quantity,
            @Schema(required = true, description = "What the customer paid for the line; positive, also on a RETURN")
            @NotNull(message = REQUIRED) @DecimalMin(value = "0", message = "must be positive, also on a RETURN")
            @Amount BigDecimal grossPaidPrice,
            @Schema(required = true) @NotNull(message = REQUIRED) @Amount BigDecimal taxAmount,
            @Schema(required = true) @NotNull(message = REQUIRED) @Amount BigDecimal taxPercent,
            @Schema(required = true) @NotBlank(message = REQUIRED) String articleNumber,
            @Schema(required = true) @NotBlank(message = REQUIRED) String articleName,
            List<@Valid Discount> discounts,
            @Schema(description = "A string or an object such as {id, name} (assumed)", oneOf = { String.class,
                    Object.class })
            @TextOrObject JsonNode articleGroup,
            List<ExtraData> extraData,
            @Schema(description = "Whether the line earns bonus (assumed)") Boolean awardsBonus) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ReceiptDiscount")
    public record Discount(@Amount BigDecimal value, String type, String description) {
    }

    /** {@code couponId}: the coupon (code) used with the promotion, a string (assumed). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "UsedPromotion")
    public record UsedPromotion(@Schema(required = true) @NotBlank(message = REQUIRED) String promotionId,
            String couponId) {
    }

    @Schema(name = "UsedBonusCheck")
    public record UsedBonusCheck(String checkNumber) {
    }

    @Schema(name = "ExtraData")
    public record ExtraData(String name, String value) {
    }
}

package io.engagebridge.api.promotions;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One promotion assigned to one contact, as Engage lists it (engage-api.md, {@code GET promotion-assignments}):
 * {@code id} is this contact's assignment, the id to redeem; {@code promotionId} is the offer every contact it is
 * assigned to shares. Every field is passed on as Engage sent it (a field Engage leaves out is null).
 */
@Schema(name = "PromotionAssignment", description = "A promotion assigned to the contact, as Engage lists it: redeem it "
        + "by its id (POST /api/v1/promotions/{assignmentId}/redeem), not by its promotionId", example = """
        {"id":"a1b2c3d4-0000-4000-8000-000000000001","promotionId":"9f8e7d6c-0000-4000-8000-0000000000aa",
         "externalId":"SPRING-10","name":"10 % off","heading":"Spring offer","description":"10 % off one item",
         "expiresOn":"2026-12-31T23:59:59+01:00","redeemed":false,"redeemedOn":null,
         "imageUrl":"https://cdn.example.com/spring.png","link":"https://shop.example.com/spring",
         "redemptionChannels":[{"type":"POS","valueType":"PERCENT","value":10},
                               {"type":"ECOM","valueType":"EXTERNALOFFER","value":"SPRING10"}]}""")
public record PromotionAssignment(
        @Schema(description = "The assignment: this contact's copy of the promotion, the id to redeem",
                example = "a1b2c3d4-0000-4000-8000-000000000001") String id,
        @Schema(description = "The promotion (the offer, shared by every contact it is assigned to); not an id to redeem",
                example = "9f8e7d6c-0000-4000-8000-0000000000aa") String promotionId,
        @Schema(description = "The promotion's id in the retailer's own systems", example = "SPRING-10") String externalId,
        @Schema(example = "10 % off") String name,
        @Schema(example = "Spring offer") String heading,
        @Schema(example = "10 % off one item") String description,
        @Schema(description = "When it can no longer be redeemed, as Engage gives it (ISO 8601)",
                example = "2026-12-31T23:59:59+01:00") String expiresOn,
        @Schema(description = "Whether it is redeemed: false or absent in a list, which leaves redeemed ones out")
        Boolean redeemed,
        @Schema(description = "When it was redeemed, as Engage gives it") String redeemedOn,
        String imageUrl,
        String link,
        @Schema(description = "Where it can be used and what it is worth there") List<RedemptionChannel> redemptionChannels) {

    /**
     * Where the promotion can be used and its value there. {@code value} has no single type: a number (PERCENT), a
     * string (EXTERNALOFFER: a code, digits stay a string), an object {@code {"amount","currency"}} (MONEY), absent
     * (MANUAL), or any shape Engage adds later, passed on as Engage sent it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "RedemptionChannel", example = """
            {"type":"POS","valueType":"MONEY","value":{"amount":50.00,"currency":"SEK"},"instruction":"Show at the till"}""")
    public record RedemptionChannel(
            @Schema(enumeration = { "POS", "ECOM", "OTHER" }, example = "POS") String type,
            @Schema(description = "How to read value (Engage may add kinds)",
                    enumeration = { "PERCENT", "MONEY", "EXTERNALOFFER", "MANUAL" }, example = "PERCENT") String valueType,
            @Schema(description = "No single type: a number for PERCENT (10 is 10 %), a string for EXTERNALOFFER (a code "
                    + "such as \"DISCOUNTCODE\", or digits such as \"10056\", kept a string), an object "
                    + "{\"amount\",\"currency\"} for MONEY, absent for MANUAL; any other shape as Engage sent it",
                    example = "10") JsonNode value,
            @Schema(description = "What the staff or the customer does to use it") String instruction) {
    }
}

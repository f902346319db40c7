package io.engagebridge.engage.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One promotion assigned to one contact ({@code GET promotion-assignments}). {@code id} is the per-contact
 * assignment id used to redeem; {@code promotionId} is the shared template. Read by {@code EngageClient}'s own
 * mapper, not by the REST client, hence registered for reflection (native builds).
 */
@RegisterForReflection(targets = { PromotionAssignment.class, PromotionAssignment.RedemptionChannel.class })
@JsonIgnoreProperties(ignoreUnknown = true)
public record PromotionAssignment(String id, String promotionId, String externalId, String name, String heading,
        String description, String expiresOn, Boolean redeemed, String redeemedOn, String imageUrl, String link,
        List<RedemptionChannel> redemptionChannels) {

    /**
     * {@code type} POS/ECOM/OTHER; {@code valueType} PERCENT/MONEY/EXTERNALOFFER/MANUAL. {@code value} has no single
     * type, so it is kept as Engage sent it and passed on unchanged: a number (PERCENT), a string (EXTERNALOFFER: a
     * code such as {@code "DISCOUNTCODE"}, or digits such as {@code "10056"}, which stay a string), an object
     * {@code {"amount","currency"}} (MONEY, the v2 shape), absent (MANUAL; left out when we answer), or any shape
     * Engage adds later.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RedemptionChannel(String type, String valueType, JsonNode value, String instruction) {
    }

    public boolean allows(String channel) {
        return redemptionChannels == null
                || redemptionChannels.stream().anyMatch(c -> channel.equalsIgnoreCase(c.type()));
    }
}

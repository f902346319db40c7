package io.engagebridge.engage.model;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One promotion assigned to one contact ({@code GET promotion-assignments}). {@code id} is the per-contact
 * assignment id used to redeem; {@code promotionId} is the shared template.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PromotionAssignment(String id, String promotionId, String externalId, String name, String heading,
        String description, String expiresOn, Boolean redeemed, String redeemedOn, String imageUrl, String link,
        List<RedemptionChannel> redemptionChannels) {

    /** {@code type} POS/ECOM/OTHER; {@code valueType} PERCENT/MONEY/EXTERNALOFFER/MANUAL. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RedemptionChannel(String type, String valueType, BigDecimal value, String instruction) {
    }

    public boolean allows(String channel) {
        return redemptionChannels == null
                || redemptionChannels.stream().anyMatch(c -> channel.equalsIgnoreCase(c.type()));
    }
}

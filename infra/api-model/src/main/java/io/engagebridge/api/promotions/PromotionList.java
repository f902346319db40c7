package io.engagebridge.api.promotions;

import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A contact's active promotions for a channel (or {@code ALL}), the ones redeemed here left out. {@code stale}: Engage
 * could not be asked, this is the last copy, fetched {@code ageSeconds} ago ({@code fetchedAt}).
 */
@Schema(name = "PromotionList", description = "The contact's promotions that can be redeemed; stale=true: Engage could "
        + "not be asked, this is the last copy, fetched ageSeconds ago", example = """
        {"contactId":"00000000-0000-4000-8000-000000000001","channel":"POS",
         "items":[{"id":"a1b2c3d4-0000-4000-8000-000000000001","promotionId":"9f8e7d6c-0000-4000-8000-0000000000aa",
                   "externalId":"SPRING-10","name":"10 % off","heading":"Spring offer","description":"10 % off one item",
                   "expiresOn":"2026-12-31T23:59:59+01:00","redeemed":false,"redeemedOn":null,"imageUrl":null,"link":null,
                   "redemptionChannels":[{"type":"POS","valueType":"PERCENT","value":10}]}],
         "stale":false,"fetchedAt":"2026-11-26T10:14:00.123+01:00","ageSeconds":0}""")
public record PromotionList(
        @Schema(example = "00000000-0000-4000-8000-000000000001") String contactId,
        @Schema(description = "The channel asked for, or ALL", enumeration = { "POS", "ECOM", "OTHER", "ALL" },
                example = "POS") String channel,
        List<PromotionAssignment> items,
        @Schema(description = "true: Engage could not be asked, this is the last copy") boolean stale,
        @Schema(description = "When Engage's answer was fetched") OffsetDateTime fetchedAt,
        @Schema(description = "Its age in seconds (0 when fresh)") long ageSeconds) {
}

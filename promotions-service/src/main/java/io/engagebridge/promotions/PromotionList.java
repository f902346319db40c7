package io.engagebridge.promotions;

import java.time.OffsetDateTime;
import java.util.List;

import io.engagebridge.engage.model.PromotionAssignment;

/**
 * A contact's active promotions. {@code stale}: Engage could not be asked, this is the last copy, fetched
 * {@code ageSeconds} ago.
 */
public record PromotionList(String contactId, String channel, List<PromotionAssignment> items, boolean stale,
        OffsetDateTime fetchedAt, long ageSeconds) {
}

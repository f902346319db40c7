package io.engagebridge.promotions;

/** REDEEMED in Engage now, or PENDING: kept here and finished by the relay when Engage answers. */
public record RedemptionResult(String assignmentId, String status) {
}

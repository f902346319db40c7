package io.engagebridge.engage.model;

import java.util.List;

/**
 * Engage's answer to {@code GET promotion-assignments}, read one assignment at a time: one that cannot be read does
 * not make the others unreadable. {@code unreadable} names what was skipped, for the caller's log and metrics.
 */
public record PromotionAssignments(List<PromotionAssignment> readable, List<Unreadable> unreadable) {

    /** An assignment left out: its {@code id} as far as it could be read, and why. */
    public record Unreadable(String id, String reason) {
    }
}

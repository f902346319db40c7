package io.engagebridge.contacts.repository;

/** One customer key and the contactId it belongs to (null while the creation is PENDING). */
public record ContactKeyRow(String lookupKey, String keyType, String keyValue, String contactId, String status,
        String bulkBatchId) {

    public static final String KNOWN = "KNOWN";
    public static final String PENDING = "PENDING";

    public boolean isKnown() {
        return KNOWN.equals(status);
    }

    /** Known, or its creation already accepted by Engage in a bulk batch: nothing to send for it. */
    public boolean isKnownOrSentInBulk() {
        return isKnown() || bulkBatchId != null;
    }
}

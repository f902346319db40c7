package io.engagebridge.contacts.repository;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One customer key and the contactId it belongs to (null while the creation is PENDING). */
@Entity
@Table(name = "contact_key")
public class ContactKeyEntity {

    public static final String KNOWN = "KNOWN";
    public static final String PENDING = "PENDING";

    @Id
    @Column(name = "lookup_key")
    public String lookupKey;

    @Column(name = "key_type", nullable = false)
    public String keyType;

    @Column(name = "key_value", nullable = false)
    public String keyValue;

    @Column(name = "contact_id")
    public String contactId;

    @Column(nullable = false)
    public String status;

    /** The accepted bulk batch this PENDING key's creation went out in; null otherwise. */
    @Column(name = "bulk_batch_id")
    public String bulkBatchId;

    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", insertable = false)
    public OffsetDateTime updatedAt;

    public boolean isKnown() {
        return KNOWN.equals(status);
    }

    /** Known, or its creation already accepted by Engage in a bulk batch: nothing to send for it. */
    public boolean isKnownOrSentInBulk() {
        return isKnown() || bulkBatchId != null;
    }
}

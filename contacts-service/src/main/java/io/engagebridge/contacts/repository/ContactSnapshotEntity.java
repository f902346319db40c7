package io.engagebridge.contacts.repository;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The last attribute values this service saw of a contact, as a JSON object. */
@Entity
@Table(name = "contact_snapshot")
public class ContactSnapshotEntity {

    @Id
    @Column(name = "contact_id")
    public String contactId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String attributes;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}

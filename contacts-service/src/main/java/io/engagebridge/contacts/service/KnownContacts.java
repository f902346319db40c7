package io.engagebridge.contacts.service;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.contacts.ContactKey;
import io.engagebridge.contacts.repository.ContactKeyRepository;
import io.engagebridge.contacts.repository.ContactSnapshotRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * What this service learns about a contact, written once: its contactId for a key, and, when this service created
 * it, the attributes it sent as the last values seen (so a PATCH right after sends only what differs).
 */
@ApplicationScoped
public class KnownContacts {

    private final Pool pool;
    private final ContactKeyRepository keys;
    private final ContactSnapshotRepository snapshots;

    public KnownContacts(Pool pool, ContactKeyRepository keys, ContactSnapshotRepository snapshots) {
        this.pool = pool;
        this.keys = keys;
        this.snapshots = snapshots;
    }

    /** A contactId found in Engage (looked up, chosen, or created by someone else). */
    public Uni<Void> found(ContactKey key, String contactId) {
        return keys.remember(pool, key, contactId);
    }

    /** A contact this service created with {@code sent}: its id, and {@code sent} as its last-seen attributes. */
    public Uni<Void> created(ContactKey key, String contactId, ObjectNode sent) {
        return pool.withTransaction(tx -> keys.remember(tx, key, contactId)
                .chain(() -> sent == null ? Uni.createFrom().voidItem() : snapshots.replace(tx, contactId, sent)));
    }
}

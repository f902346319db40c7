package io.engagebridge.contacts.service;

import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.contacts.ContactKey;
import io.engagebridge.contacts.repository.ContactKeyRepository;
import io.engagebridge.contacts.repository.ContactSnapshotRepository;
import io.engagebridge.engage.model.LookupKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * What this service learns about a contact, written once: its contactId for a key, and, when this service created
 * it, the attributes it sent as the last values seen (so a PATCH right after sends only what differs).
 */
@ApplicationScoped
public class KnownContacts {

    private static final Logger LOG = Logger.getLogger(KnownContacts.class);

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

    /**
     * A change of {@code contactId} that touches keys Engage finds contacts by (email, mobile phone, member number,
     * ...): the local entries for those keys are forgotten, so an identify by an old value asks Engage again instead
     * of answering with a contact that no longer has it. Called when the change is accepted and again when it
     * reaches Engage (an identify in between may have learnt the old value back).
     */
    public Uni<Void> keysChanged(String contactId, ObjectNode changes) {
        List<String> keyTypes = Arrays.stream(LookupKey.values()).map(LookupKey::field).filter(changes::has).toList();
        return keyTypes.isEmpty() ? Uni.createFrom().voidItem()
                : keys.forget(pool, contactId, keyTypes).invoke(forgotten -> {
                    if (forgotten > 0) {
                        LOG.debugf("Contact %s changed %s: %d local key entr(ies) forgotten", contactId, keyTypes,
                                forgotten);
                    }
                }).replaceWithVoid();
    }

    /** A contact this service created with {@code sent}: its id, and {@code sent} as its last-seen attributes. */
    public Uni<Void> created(ContactKey key, String contactId, ObjectNode sent) {
        return pool.withTransaction(tx -> keys.remember(tx, key, contactId)
                .chain(() -> sent == null ? Uni.createFrom().voidItem() : snapshots.replace(tx, contactId, sent)));
    }
}

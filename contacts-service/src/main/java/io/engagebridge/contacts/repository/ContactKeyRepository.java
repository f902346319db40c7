package io.engagebridge.contacts.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.engagebridge.contacts.ContactKey;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The local key -> contactId table. Writes are upserts, safe when two replicas learn the same key at once. */
@ApplicationScoped
public class ContactKeyRepository implements PanacheRepositoryBase<ContactKeyEntity, String> {

    /** Records a known contactId (replacing a PENDING entry). */
    public Uni<Void> remember(ContactKey key, String contactId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                insert into contact_key (lookup_key, key_type, key_value, contact_id, status)
                values (?1, ?2, ?3, ?4, 'KNOWN')
                on conflict (lookup_key) do update
                   set contact_id = excluded.contact_id, status = 'KNOWN', bulk_batch_id = null, updated_at = now()""")
                .setParameter(1, key.lookupKey())
                .setParameter(2, key.type().field())
                .setParameter(3, key.value())
                .setParameter(4, contactId)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Marks a key PENDING unless it is already there; answers true when this call added it. */
    public Uni<Boolean> markPending(ContactKey key) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                insert into contact_key (lookup_key, key_type, key_value, status)
                values (?1, ?2, ?3, 'PENDING')
                on conflict (lookup_key) do nothing""")
                .setParameter(1, key.lookupKey())
                .setParameter(2, key.type().field())
                .setParameter(3, key.value())
                .executeUpdate())
                .map(rows -> rows == 1);
    }

    /** Records that Engage accepted the creation of these PENDING keys in a bulk batch. */
    public Uni<Void> markSentInBulk(List<ContactKey> sent, String batchId) {
        List<String> lookupKeys = sent.stream().map(ContactKey::lookupKey).toList();
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                update contact_key set bulk_batch_id = :batchId, updated_at = now()
                 where lookup_key in (:lookupKeys) and status = 'PENDING'""")
                .setParameter("batchId", batchId)
                .setParameter("lookupKeys", lookupKeys)
                .executeUpdate())
                .replaceWithVoid();
    }
}

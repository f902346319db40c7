package io.engagebridge.contacts.repository;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.engagebridge.contacts.ContactKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The local key -> contactId table. Writes are upserts, safe when two replicas learn the same key at once; they run
 * on the {@link SqlClient} given (the pool, or a transaction's connection).
 */
@ApplicationScoped
public class ContactKeyRepository {

    private final Pool pool;

    public ContactKeyRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<ContactKeyRow>> find(String lookupKey) {
        return pool.preparedQuery("""
                select lookup_key, key_type, key_value, contact_id, status, bulk_batch_id
                  from contact_key where lookup_key = $1""")
                .execute(Tuple.of(lookupKey))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(row(rows.iterator().next())));
    }

    /** Records a known contactId (replacing a PENDING entry). */
    public Uni<Void> remember(SqlClient db, ContactKey key, String contactId) {
        return db.preparedQuery("""
                insert into contact_key (lookup_key, key_type, key_value, contact_id, status)
                values ($1, $2, $3, $4, 'KNOWN')
                on conflict (lookup_key) do update
                   set contact_id = excluded.contact_id, status = 'KNOWN', bulk_batch_id = null, updated_at = now()""")
                .execute(Tuple.of(key.lookupKey(), key.type().field(), key.value(), contactId))
                .replaceWithVoid();
    }

    /** Marks a key PENDING unless it is already there; answers true when this call added it. */
    public Uni<Boolean> markPending(SqlClient db, ContactKey key) {
        return db.preparedQuery("""
                insert into contact_key (lookup_key, key_type, key_value, status)
                values ($1, $2, $3, 'PENDING')
                on conflict (lookup_key) do nothing""")
                .execute(Tuple.of(key.lookupKey(), key.type().field(), key.value()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Records that Engage accepted the creation of these PENDING keys in a bulk batch. */
    public Uni<Void> markSentInBulk(SqlClient db, List<ContactKey> sent, String batchId) {
        String[] lookupKeys = sent.stream().map(ContactKey::lookupKey).toArray(String[]::new);
        return db.preparedQuery("""
                update contact_key set bulk_batch_id = $1, updated_at = now()
                 where lookup_key = any($2) and status = 'PENDING'""")
                .execute(Tuple.of(batchId, lookupKeys))
                .replaceWithVoid();
    }

    /** Forgets which contact the given key types of {@code contactId} belonged to; answers how many entries went. */
    public Uni<Integer> forget(SqlClient db, String contactId, List<String> keyTypes) {
        return db.preparedQuery("delete from contact_key where contact_id = $1 and key_type = any($2)")
                .execute(Tuple.of(contactId, keyTypes.toArray(String[]::new)))
                .map(rows -> rows.rowCount());
    }

    private static ContactKeyRow row(Row r) {
        return new ContactKeyRow(r.getString("lookup_key"), r.getString("key_type"), r.getString("key_value"),
                r.getString("contact_id"), r.getString("status"), r.getString("bulk_batch_id"));
    }
}

package io.engagebridge.contacts.repository;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Snapshots of what Engage holds, as far as this service knows: the last attribute values seen, as JSON. */
@ApplicationScoped
public class ContactSnapshotRepository {

    private static final String SELECT = "select attributes::text as attributes from contact_snapshot where contact_id = $1";

    private final Pool pool;
    private final ObjectMapper json;

    public ContactSnapshotRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** The last values seen; an empty object when nothing is known. */
    public Uni<ObjectNode> attributes(String contactId) {
        return attributes(pool, SELECT, contactId);
    }

    /** Replaces the snapshot (after reading the contact from Engage, or creating it). */
    public Uni<Void> replace(SqlClient db, String contactId, ObjectNode attributes) {
        return db.preparedQuery("""
                insert into contact_snapshot (contact_id, attributes, updated_at)
                values ($1, cast(cast($2 as text) as jsonb), now())
                on conflict (contact_id) do update set attributes = excluded.attributes, updated_at = now()""")
                .execute(Tuple.of(contactId, attributes.toString()))
                .replaceWithVoid();
    }

    /**
     * Applies changes as Engage will: a value writes, a null erases, a nested object changes only its fields. The
     * row is locked meanwhile, so two changes of one contact at once both land.
     */
    public Uni<Void> apply(String contactId, ObjectNode changes) {
        return pool.withTransaction(tx -> attributes(tx, SELECT + " for update", contactId)
                .chain(current -> {
                    merge(current, changes);
                    return replace(tx, contactId, current);
                }));
    }

    private Uni<ObjectNode> attributes(SqlClient db, String sql, String contactId) {
        return db.preparedQuery(sql).execute(Tuple.of(contactId))
                .map(rows -> rows.size() == 0 ? json.createObjectNode()
                        : parse(rows.iterator().next().getString("attributes")));
    }

    private static void merge(ObjectNode current, ObjectNode changes) {
        changes.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            JsonNode before = current.get(field.getKey());
            if (value.isNull()) {
                current.remove(field.getKey());
            } else if (value.isObject() && before != null && before.isObject()) {
                merge((ObjectNode) before, (ObjectNode) value);
            } else {
                current.set(field.getKey(), value.deepCopy());
            }
        });
    }

    private ObjectNode parse(String attributes) {
        try {
            return (ObjectNode) json.readTree(attributes);
        } catch (JsonProcessingException | ClassCastException e) {
            return json.createObjectNode();
        }
    }
}

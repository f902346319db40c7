package io.engagebridge.contacts.repository;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.api.contacts.ContactView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Snapshots of what Engage holds, as far as this service knows: the last attribute values seen, as JSON (what a change
 * is compared with), and what the last read showed besides, so that My Pages can be shown the last copy while Engage
 * is down.
 */
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

    /** Replaces the snapshot after creating the contact with these attributes: the copy is whole. */
    public Uni<Void> replace(SqlClient db, String contactId, ObjectNode attributes) {
        return db.preparedQuery("""
                insert into contact_snapshot (contact_id, attributes, updated_at, whole)
                values ($1, cast(cast($2 as text) as jsonb), now(), true)
                on conflict (contact_id) do update set attributes = excluded.attributes, updated_at = now(), whole = true""")
                .execute(Tuple.of(contactId, attributes.toString()))
                .replaceWithVoid();
    }

    /** Replaces the snapshot with a contact as read from Engage. */
    public Uni<Void> replace(String contactId, ContactView read) {
        return pool.preparedQuery("""
                insert into contact_snapshot (contact_id, attributes, updated_at, whole, contact_type, preferences, consents)
                values ($1, cast(cast($2 as text) as jsonb), now(), true, $3, cast(cast($4 as text) as jsonb),
                        cast(cast($5 as text) as jsonb))
                on conflict (contact_id) do update set attributes = excluded.attributes, updated_at = now(), whole = true,
                    contact_type = excluded.contact_type, preferences = excluded.preferences, consents = excluded.consents""")
                .execute(Tuple.from(new Object[] { contactId, attributesOf(read).toString(), read.contactType(),
                        text(read.preferences()), text(read.consents()) }))
                .replaceWithVoid();
    }

    /** The last copy of a contact, with the changes sent or queued since, if one is known whole. */
    public Uni<Optional<Kept>> kept(String contactId) {
        return pool.preparedQuery("""
                select attributes::text as attributes, contact_type, preferences::text as preferences,
                       consents::text as consents, updated_at
                from contact_snapshot where contact_id = $1 and whole""")
                .execute(Tuple.of(contactId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(kept(contactId, rows.iterator().next())));
    }

    /** A contact as last known, and how old that knowledge is. */
    public record Kept(ContactView contact, Duration age) {
    }

    private Kept kept(String contactId, Row row) {
        ContactView contact = new ContactView(contactId, row.getString("contact_type"), parse(row.getString("attributes")),
                tree(row.getString("preferences")), tree(row.getString("consents")), false);
        return new Kept(contact, Duration.between(row.getOffsetDateTime("updated_at"), OffsetDateTime.now()));
    }

    /**
     * Applies changes as Engage will: a value writes, a null erases, a nested object changes only its fields. The
     * row is locked meanwhile, so two changes of one contact at once both land.
     */
    public Uni<Void> apply(String contactId, ObjectNode changes) {
        return pool.withTransaction(tx -> attributes(tx, SELECT + " for update", contactId)
                .chain(current -> {
                    merge(current, changes);
                    return tx.preparedQuery("""
                            insert into contact_snapshot (contact_id, attributes, updated_at)
                            values ($1, cast(cast($2 as text) as jsonb), now())
                            on conflict (contact_id) do update set attributes = excluded.attributes, updated_at = now()""")
                            .execute(Tuple.of(contactId, current.toString()))
                            .replaceWithVoid();
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

    private ObjectNode attributesOf(ContactView read) {
        return read.attributes() == null ? json.createObjectNode() : read.attributes();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }

    private JsonNode tree(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}

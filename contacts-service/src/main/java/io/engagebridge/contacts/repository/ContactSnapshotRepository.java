package io.engagebridge.contacts.repository;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Snapshots of what Engage holds, as far as this service knows. */
@ApplicationScoped
public class ContactSnapshotRepository implements PanacheRepositoryBase<ContactSnapshotEntity, String> {

    private final ObjectMapper json;

    public ContactSnapshotRepository(ObjectMapper json) {
        this.json = json;
    }

    /** The last values seen; an empty object when nothing is known. */
    public Uni<ObjectNode> attributes(String contactId) {
        return findById(contactId).map(snapshot -> snapshot == null ? json.createObjectNode() : parse(snapshot.attributes));
    }

    /** Replaces the snapshot (after reading the contact from Engage). */
    public Uni<Void> replace(String contactId, ObjectNode attributes) {
        return findById(contactId).chain(existing -> {
            ContactSnapshotEntity snapshot = existing == null ? new ContactSnapshotEntity() : existing;
            snapshot.contactId = contactId;
            snapshot.attributes = attributes.toString();
            snapshot.updatedAt = OffsetDateTime.now();
            return existing == null ? persist(snapshot).replaceWithVoid() : Uni.createFrom().voidItem();
        });
    }

    /** Applies changes as Engage will: a value writes, a null erases, a nested object changes only its fields. */
    public Uni<Void> apply(String contactId, ObjectNode changes) {
        return attributes(contactId).chain(current -> {
            merge(current, changes);
            return replace(contactId, current);
        });
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

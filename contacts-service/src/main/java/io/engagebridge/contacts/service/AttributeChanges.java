package io.engagebridge.contacts.service;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.api.contacts.AttributePath;

/**
 * What a PATCH sends Engage: Engage writes every field present, and null or "" erase, so only values that differ
 * from the last ones seen go out (compared field by field inside nested objects), never a null or "" at any depth;
 * an erase is only ever an explicit clear.
 */
final class AttributeChanges {

    private AttributeChanges() {
    }

    /**
     * The values of {@code attributes} that differ from {@code seen} (null when nothing was seen), and a null for each
     * path in {@code clear} ({@code city}, {@code address.street}).
     */
    static ObjectNode of(ObjectNode seen, ObjectNode attributes, Set<String> clear) {
        ObjectNode changes = differences(seen, attributes);
        clear.forEach(path -> AttributePath.parse(path).putNullIn(changes));
        return changes;
    }

    private static ObjectNode differences(JsonNode seen, ObjectNode given) {
        ObjectNode changes = JsonNodeFactory.instance.objectNode();
        given.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            JsonNode before = seen == null ? null : seen.get(field.getKey());
            if (isEmpty(value)) {
                return;
            }
            if (value.isObject()) {
                ObjectNode nested = differences(before != null && before.isObject() ? before : null, (ObjectNode) value);
                if (!nested.isEmpty()) {
                    changes.set(field.getKey(), nested);
                }
            } else if (!value.equals(before)) {
                changes.set(field.getKey(), value);
            }
        });
        return changes;
    }

    /** Null and "" erase in Engage: they are never sent as values, only as explicit clears. */
    private static boolean isEmpty(JsonNode value) {
        return value == null || value.isNull() || value.isTextual() && value.asText().isEmpty();
    }
}

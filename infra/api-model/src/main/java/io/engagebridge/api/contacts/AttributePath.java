package io.engagebridge.api.contacts;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A path to an attribute, top-level ({@code city}) or inside a nested object ({@code address.street},
 * {@code preferences.acceptsSms}): how {@code clear} names what to erase, and how changes are listed.
 */
public record AttributePath(List<String> names) {

    private static final String SEPARATOR = ".";

    /** Reads {@code a.b.c}; null when a part is empty. */
    public static AttributePath parse(String path) {
        String[] parts = path.split("\\.", -1);
        for (String part : parts) {
            if (part.isBlank()) {
                return null;
            }
        }
        return new AttributePath(List.of(parts));
    }

    /** The value at this path, or null when absent (or a parent is not an object). */
    public JsonNode in(JsonNode root) {
        JsonNode node = root;
        for (String name : names) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(name);
        }
        return node;
    }

    /** Sets a JSON null at this path, creating (or replacing non-object) parents as objects. */
    public void putNullIn(ObjectNode root) {
        ObjectNode parent = root;
        for (String name : names.subList(0, names.size() - 1)) {
            JsonNode child = parent.get(name);
            if (child == null || !child.isObject()) {
                child = parent.putObject(name);
            }
            parent = (ObjectNode) child;
        }
        parent.putNull(names.get(names.size() - 1));
    }

    /** Every leaf of an object as a path: {@code {"a":1,"b":{"c":2}}} gives {@code a}, {@code b.c}. */
    public static List<String> leaves(ObjectNode root) {
        List<String> paths = new ArrayList<>();
        collect(root, "", paths);
        return paths;
    }

    private static void collect(ObjectNode node, String prefix, List<String> paths) {
        node.fields().forEachRemaining(field -> {
            String path = prefix + field.getKey();
            if (field.getValue().isObject() && !field.getValue().isEmpty()) {
                collect((ObjectNode) field.getValue(), path + SEPARATOR, paths);
            } else {
                paths.add(path);
            }
        });
    }

    @Override
    public String toString() {
        return String.join(SEPARATOR, names);
    }
}

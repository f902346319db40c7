package io.engagebridge.contacts.rest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.contacts.AttributePath;
import io.engagebridge.contacts.ContactKey;
import io.engagebridge.contacts.NewContact;
import io.engagebridge.contacts.config.ContactsConfig;
import io.engagebridge.engage.model.KeyNormalizer;
import io.engagebridge.engage.model.LookupKey;
import io.engagebridge.web.ApiException;
import io.engagebridge.web.StrictJson;

/** Reads and checks request bodies, answering 400 with the reason for anything off. Nothing is stored before. */
@ApplicationScoped
public class RequestReader {

    private static final Set<String> CREATE_FIELDS = Set.of("attributes", "contactType", "source", "storeExternalId",
            "createAsUnapproved");
    private static final Set<String> PATCH_FIELDS = Set.of("attributes", "clear");

    private final KeyNormalizer normalizer;
    private final ObjectMapper json;

    public RequestReader(ContactsConfig config, ObjectMapper json) {
        this.normalizer = new KeyNormalizer(config.defaultCountryCode());
        this.json = json;
    }

    /** The one customer key of an identify body; the other fields allowed are listed in {@code extraFields}. */
    public ContactKey key(JsonNode body, Set<String> extraFields) {
        ObjectNode object = object(body, "The body");
        StrictJson.requireStorableText(object);
        List<LookupKey> given = new ArrayList<>();
        object.fieldNames().forEachRemaining(name -> {
            LookupKey key = keyField(name);
            if (key == null && !extraFields.contains(name)) {
                throw ApiException.badRequest("Unknown field '" + name + "'");
            }
            if (key != null && !object.get(name).isNull()) {
                given.add(key);
            }
        });
        if (given.size() != 1) {
            throw ApiException.badRequest("Give exactly one customer key of " + keyFieldNames() + "; got "
                    + (given.isEmpty() ? "none" : given.stream().map(LookupKey::field).toList()));
        }
        LookupKey type = given.get(0);
        JsonNode value = object.get(type.field());
        if (!value.isTextual()) {
            throw ApiException.badRequest(type.field() + " must be a string");
        }
        try {
            return new ContactKey(type, normalizer.normalize(type, value.asText()));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** The optional {@code create} object of identify; null when absent. */
    public NewContact newContact(JsonNode body) {
        JsonNode node = body.get("create");
        if (node == null || node.isNull()) {
            return null;
        }
        ObjectNode create = object(node, "create");
        create.fieldNames().forEachRemaining(name -> {
            if (!CREATE_FIELDS.contains(name)) {
                throw ApiException.badRequest("Unknown field 'create." + name + "'");
            }
        });
        JsonNode attributes = create.get("attributes");
        ObjectNode attrs = attributes == null || attributes.isNull() ? json.createObjectNode()
                : attributes(attributes, "create.attributes");
        return new NewContact(attrs, text(create, "contactType"), text(create, "source"),
                text(create, "storeExternalId"), bool(create, "createAsUnapproved"));
    }

    /**
     * A PATCH body: {@code {"attributes":{...},"clear":["field",...]}}; a clear names a top-level field or a field
     * inside a nested object ({@code "address.street"}).
     */
    public Patch patch(JsonNode body) {
        ObjectNode object = object(body, "The body");
        StrictJson.requireStorableText(object);
        object.fieldNames().forEachRemaining(name -> {
            if (!PATCH_FIELDS.contains(name)) {
                throw ApiException.badRequest("Unknown field '" + name + "'; send {\"attributes\":{...},\"clear\":[...]}");
            }
        });
        JsonNode attributes = object.get("attributes");
        ObjectNode attrs = attributes == null || attributes.isNull() ? json.createObjectNode()
                : attributes(attributes, "attributes");
        Set<String> clear = new LinkedHashSet<>();
        JsonNode list = object.get("clear");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw ApiException.badRequest("clear must be a list of field names");
            }
            for (JsonNode name : list) {
                AttributePath path = name.isTextual() ? AttributePath.parse(name.asText()) : null;
                if (path == null) {
                    throw ApiException.badRequest("clear must be a list of field names (or paths such as address.street)");
                }
                JsonNode set = path.in(attrs);
                if (set != null && !set.isNull()) {
                    throw ApiException.badRequest("'" + path + "' is both set and cleared");
                }
                for (int depth = 1; depth < path.names().size(); depth++) {
                    AttributePath outer = new AttributePath(path.names().subList(0, depth));
                    JsonNode value = outer.in(attrs);
                    if (value != null && !value.isNull() && !value.isObject()) {
                        throw ApiException.badRequest("'" + outer + "' is set to a plain value and '" + path
                                + "' inside it cleared: send one or the other");
                    }
                }
                clear.add(path.toString());
            }
        }
        if (attrs.has("contactType")) {
            throw ApiException.badRequest("contactType cannot change through an update; use /upgrade");
        }
        return new Patch(attrs, clear);
    }

    /** A checked PATCH body. */
    public record Patch(ObjectNode attributes, Set<String> clear) {
    }

    private ObjectNode attributes(JsonNode node, String what) {
        ObjectNode attrs = object(node, what);
        attrs.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (!(value.isValueNode() || value.isObject())) {
                throw ApiException.badRequest(what + "." + field.getKey() + " must be a string, number, boolean or object");
            }
        });
        return attrs;
    }

    private static ObjectNode object(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest(what + " must be a JSON object");
        }
        return (ObjectNode) node;
    }

    private static String text(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("create." + field + " must be a string");
        }
        return value.asText();
    }

    private static Boolean bool(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest("create." + field + " must be true or false");
        }
        return value.asBoolean();
    }

    private static LookupKey keyField(String name) {
        for (LookupKey key : LookupKey.values()) {
            if (key.field().equals(name)) {
                return key;
            }
        }
        return null;
    }

    private static List<String> keyFieldNames() {
        return java.util.Arrays.stream(LookupKey.values()).map(LookupKey::field).toList();
    }
}

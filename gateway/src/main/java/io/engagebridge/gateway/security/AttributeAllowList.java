package io.engagebridge.gateway.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.engagebridge.web.ApiException;

/**
 * Which contact attributes one kind of caller may change through a PATCH body {@code {"attributes":{...},
 * "clear":[...]}}. Every value set (each leaf of {@code attributes}, nested objects followed down to their fields)
 * and every path in {@code clear} must match an entry, else the whole request is refused before anything is sent.
 * <p>
 * An entry is a path: {@code firstName}, {@code address.street}; it matches that path exactly (case included, so
 * {@code MemberNumber} is not {@code memberNumber}'s twin that slips through). An entry ending in {@code .*}
 * ({@code preferences.*}) matches the object itself and everything inside it. {@code contactType} never matches:
 * a contact changes type only through the upgrade endpoint.
 */
public final class AttributeAllowList {

    /** Problem code of a refusal, so a client can tell it from other 403s. */
    public static final String NOT_CHANGEABLE = "AttributeNotChangeable";

    /** Engage refuses a type change in a PATCH; the upgrade endpoint is the one way. */
    static final String CONTACT_TYPE = "contactType";

    private static final Set<String> BODY_FIELDS = Set.of("attributes", "clear");
    private static final String SEPARATOR = ".";
    private static final String EVERYTHING_INSIDE = "*";
    private static final int NAMED_AT_MOST = 10;

    private final String name;
    private final Set<List<String>> exact;
    private final Set<List<String>> subtrees;

    private AttributeAllowList(String name, Set<List<String>> exact, Set<List<String>> subtrees) {
        this.name = name;
        this.exact = exact;
        this.subtrees = subtrees;
    }

    /**
     * The list named {@code name} (its config key, for start-up errors) from its entries; an entry that is blank,
     * has an empty part, a {@code *} anywhere but at the end, or names {@code contactType}, is refused.
     */
    public static AttributeAllowList of(String name, List<String> entries) {
        Set<List<String>> exact = new LinkedHashSet<>();
        Set<List<String>> subtrees = new LinkedHashSet<>();
        for (String entry : entries) {
            List<String> parts = split(entry.trim());
            if (parts == null || parts.isEmpty()) {
                throw new IllegalArgumentException(name + ": '" + entry + "' is not an attribute path");
            }
            boolean subtree = parts.get(parts.size() - 1).equals(EVERYTHING_INSIDE);
            List<String> path = subtree ? parts.subList(0, parts.size() - 1) : parts;
            if (path.isEmpty() || path.contains(EVERYTHING_INSIDE)) {
                throw new IllegalArgumentException(name + ": '" + entry + "': '*' may only end a path (preferences.*)");
            }
            if (path.get(0).equals(CONTACT_TYPE)) {
                throw new IllegalArgumentException(name + ": contactType changes only through /upgrade, never in a PATCH");
            }
            (subtree ? subtrees : exact).add(List.copyOf(path));
        }
        return new AttributeAllowList(name, Set.copyOf(exact), Set.copyOf(subtrees));
    }

    /** True when a caller with this list may set or clear the attribute at {@code path}. */
    public boolean allows(List<String> path) {
        if (exact.contains(path)) {
            return true;
        }
        for (int depth = 1; depth <= path.size(); depth++) {
            if (subtrees.contains(path.subList(0, depth))) {
                return true;
            }
        }
        return false;
    }

    /** True when an entry of this list names {@code attribute} itself or something inside it. */
    public boolean mentions(String attribute) {
        return exact.stream().anyMatch(path -> path.get(0).equals(attribute))
                || subtrees.stream().anyMatch(path -> path.get(0).equals(attribute));
    }

    /**
     * Checks a PATCH body: 400 when it is not {@code {"attributes":{...},"clear":["path",...]}} (so nothing the list
     * did not see can be forwarded), 403 naming every attribute set or cleared that the list does not allow.
     */
    public void check(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("The body must be a JSON object: {\"attributes\":{...},\"clear\":[...]}");
        }
        body.fieldNames().forEachRemaining(field -> {
            if (!BODY_FIELDS.contains(field)) {
                throw ApiException.badRequest("Unknown field '" + field + "'; send {\"attributes\":{...},\"clear\":[...]}");
            }
        });
        Set<String> refused = new LinkedHashSet<>();
        JsonNode attributes = body.get("attributes");
        if (attributes != null && !attributes.isNull()) {
            if (!attributes.isObject()) {
                throw ApiException.badRequest("attributes must be a JSON object");
            }
            for (List<String> path : leaves(attributes)) {
                if (!allows(path)) {
                    refused.add(String.join(SEPARATOR, path));
                }
            }
        }
        JsonNode clear = body.get("clear");
        if (clear != null && !clear.isNull()) {
            if (!clear.isArray()) {
                throw ApiException.badRequest("clear must be a list of attribute names (or paths such as address.street)");
            }
            for (JsonNode entry : clear) {
                List<String> path = entry.isTextual() ? split(entry.asText()) : null;
                if (path == null) {
                    throw ApiException.badRequest("clear must be a list of attribute names (or paths such as address.street)");
                }
                if (!allows(path)) {
                    refused.add(entry.asText());
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new ApiException(403, "Forbidden", "Not changeable with this token: " + named(refused), NOT_CHANGEABLE,
                    null);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** Every leaf of an object as a path of names; an empty object is a leaf itself. */
    private static List<List<String>> leaves(JsonNode object) {
        List<List<String>> paths = new ArrayList<>();
        collect(object, List.of(), paths);
        return paths;
    }

    private static void collect(JsonNode node, List<String> prefix, List<List<String>> paths) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(field.getKey());
            if (field.getValue().isObject() && !field.getValue().isEmpty()) {
                collect(field.getValue(), path, paths);
            } else {
                paths.add(path);
            }
        }
    }

    /** {@code a.b.c} as its names; null when a part is blank (contacts-service refuses such a path too). */
    private static List<String> split(String path) {
        List<String> parts = Arrays.asList(path.split("\\.", -1));
        return parts.stream().anyMatch(String::isBlank) ? null : parts;
    }

    private static String named(Set<String> refused) {
        List<String> shown = refused.stream().limit(NAMED_AT_MOST).map(AttributeAllowList::printable).toList();
        String list = String.join(", ", shown);
        return refused.size() > NAMED_AT_MOST ? list + " (and " + (refused.size() - NAMED_AT_MOST) + " more)" : list;
    }

    /** A name as the caller sent it, cut short and without control characters, for the problem's detail. */
    private static String printable(String name) {
        String clean = name.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }
}

package io.engagebridge.web;

import java.util.Iterator;
import java.util.Map;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * How every app reads JSON: one value per body (nothing after it), each field once, nested at most
 * {@value #MAX_DEPTH} levels (a deeper body is refused before it can exhaust a thread's stack). Applied to the
 * apps' one {@link ObjectMapper}, so request bodies and the answers of Engage and of our services are read alike.
 * Request readers add {@link #requireStorableText} and, where a body becomes typed values, {@link #noCoercion}.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    /** Deepest nesting of objects and arrays a body may have. */
    public static final int MAX_DEPTH = 32;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * A copy of {@code mapper} that never turns one JSON type into another: a number or boolean where text is
     * expected, text where a number or boolean is, a fraction where an integer is, are all errors.
     */
    public static ObjectMapper noCoercion(ObjectMapper mapper) {
        ObjectMapper strict = mapper.copy();
        strict.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType number : new LogicalType[] { LogicalType.Integer, LogicalType.Float, LogicalType.Boolean }) {
            strict.coercionConfigFor(number)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        strict.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return strict;
    }

    /**
     * Refuses text that PostgreSQL cannot store (a NUL character), in any value or field name, with a 400 naming
     * where it is, before anything is sent or stored.
     */
    public static void requireStorableText(JsonNode body) {
        requireStorableText(body, "");
    }

    private static void requireStorableText(JsonNode node, String pointer) {
        if (node == null) {
            return;
        }
        if (node.isTextual() && node.textValue().indexOf('\u0000') >= 0) {
            throw ApiException.badRequest("The text at " + where(pointer) + " contains a NUL character (\\u0000)");
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                String child = pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                if (field.getKey().indexOf('\u0000') >= 0) {
                    throw ApiException.badRequest("A field name in " + where(pointer)
                            + " contains a NUL character (\\u0000)");
                }
                requireStorableText(field.getValue(), child);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireStorableText(node.get(i), pointer + "/" + i);
            }
        }
    }

    private static String where(String pointer) {
        return pointer.isEmpty() ? "the top level" : pointer;
    }
}

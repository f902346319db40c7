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

    /** The longest text (value or field name) a request may carry. */
    public static final int MAX_TEXT = 4000;

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
     * Refuses text we would not store nor send on, in any value or field name, with a 400 naming where it is, before
     * anything is sent or stored: a NUL (PostgreSQL cannot store it), another control character (C0 but tab and line
     * breaks, DEL, C1: terminal escapes, log forging), half of a surrogate pair (no character at all), or more than
     * {@value #MAX_TEXT} characters (no field of Engage's holds more; a larger body is 413 anyway).
     */
    public static void requireStorableText(JsonNode body) {
        requireStorableText(body, "");
    }

    /** Why {@code text} is not acceptable in a request ({@link #requireStorableText}), or null when it is. */
    public static String textFault(String text) {
        if (text.length() > MAX_TEXT) {
            return "is longer than " + MAX_TEXT + " characters";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "contains a NUL character (\\u0000)";
            }
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return "contains a control character (\\u" + String.format("%04x", (int) c) + ")";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains half of a surrogate pair (\\u" + String.format("%04x", (int) c) + "), not a character";
            }
        }
        return null;
    }

    private static void requireStorableText(JsonNode node, String pointer) {
        if (node == null) {
            return;
        }
        String fault = node.isTextual() ? textFault(node.textValue()) : null;
        if (fault != null) {
            throw ApiException.badRequest("The text at " + where(pointer) + " " + fault);
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                String nameFault = textFault(field.getKey());
                if (nameFault != null) {
                    throw ApiException.badRequest("A field name in " + where(pointer) + " " + nameFault);
                }
                requireStorableText(field.getValue(), pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1"));
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

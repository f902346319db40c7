package io.engagebridge.web;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.Map;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * How every app reads JSON: one value per body (nothing after it), each field once, nested at most
 * {@value #MAX_DEPTH} levels (a deeper body is refused before it can exhaust a thread's stack). Applied to the
 * apps' one {@link ObjectMapper}, so request bodies and the answers of Engage and of our services are read alike.
 * Request bodies are read further by {@link #bodyReader}: typed, strictly (see {@link StrictBodies}).
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
     * How a request body becomes a {@code type} (a request record): besides the mapper's rules, a field unknown at
     * any depth of the records is an error, no value changes its JSON type on the way in ({@code "sku": 123} is
     * refused, not read as "123"), and no text, value or field name (inside free-form objects too), is one
     * {@link #textFault} refuses. Errors are {@link com.fasterxml.jackson.databind.JsonMappingException}s
     * with the path, which {@link ProblemMappers} words in the caller's terms.
     */
    public static ObjectReader bodyReader(ObjectMapper mapper, Type type) {
        ObjectMapper strict = noCoercion(mapper);
        strict.registerModule(new SimpleModule("storable-text")
                .addDeserializer(String.class, new StorableString())
                .addDeserializer(JsonNode.class, new StorableTree<>(JsonNode.class))
                .addDeserializer(ObjectNode.class, new StorableTree<>(ObjectNode.class)));
        return strict.readerFor(strict.constructType(type)).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * A copy of {@code mapper} that never turns one JSON type into another: a number or boolean where text is
     * expected, text where a number or boolean is, a fraction where an integer is, are all errors.
     */
    static ObjectMapper noCoercion(ObjectMapper mapper) {
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

    /** Why {@code text} is not acceptable in a request, or null when it is: see {@link #storableText}. */
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

    /**
     * Text we would neither store nor send on, refused wherever it is in a body, with a 400 naming the place, before
     * anything is sent or stored: a NUL (PostgreSQL cannot store it), another control character (C0 but tab and line
     * breaks, DEL, C1: terminal escapes, log forging), half of a surrogate pair (no character at all), or more than
     * {@value #MAX_TEXT} characters (no field of Engage's holds more; a larger body is 413 anyway). The template's
     * {@code {pointer}} is filled in by {@link FieldProblem}.
     */
    public static void storableText(JsonParser p, String text, String innerPointer, boolean isName) throws FieldProblem {
        String fault = text == null ? null : textFault(text);
        if (fault != null) {
            throw new FieldProblem(p, (isName ? "A field name in {pointer} " : "The text at {pointer} ") + fault,
                    innerPointer);
        }
    }

    /** Text as Jackson reads it, refused with its place when {@link #textFault} refuses it. */
    private static final class StorableString extends StdScalarDeserializer<String> {

        StorableString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.hasToken(JsonToken.VALUE_STRING) ? p.getText()
                    : StringDeserializer.instance.deserialize(p, ctxt);
            storableText(p, text, "", false);
            return text;
        }
    }

    /** A free-form value (attributes, extra objects), read whole, then searched for text {@link #textFault} refuses. */
    private static final class StorableTree<T extends JsonNode> extends JsonDeserializer<T> {

        private final Class<T> type;
        private final JsonDeserializer<? extends JsonNode> plain;

        StorableTree(Class<T> type) {
            this.type = type;
            this.plain = JsonNodeDeserializer.getDeserializer(type);
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            T tree = type.cast(plain.deserialize(p, ctxt));
            checkTree(p, tree, "");
            return tree;
        }

        @Override
        public T getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            return type == JsonNode.class ? type.cast(plain.getNullValue(ctxt)) : null;
        }
    }

    /** Every text and field name of a tree, {@code pointer} being where the tree is inside the value read. */
    private static void checkTree(JsonParser p, JsonNode node, String pointer) throws FieldProblem {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            storableText(p, node.textValue(), pointer, false);
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                storableText(p, field.getKey(), pointer, true);
                checkTree(p, field.getValue(), pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1"));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkTree(p, node.get(i), pointer + "/" + i);
            }
        }
    }
}

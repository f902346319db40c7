package io.engagebridge.web;

import java.lang.reflect.Type;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * How every resource reads its request bodies: {@code @CustomDeserialization(StrictBodies.class)} on the resource
 * class, a request record (with Bean Validation constraints) as the body parameter. Quarkus REST asks this once per
 * method and keeps the reader; see {@link StrictJson#bodyReader} for what it refuses.
 */
public class StrictBodies implements BiFunction<ObjectMapper, Type, ObjectReader> {

    /** What a caller is told when the body is missing or not an object: {@code @NotNull(message = NOT_AN_OBJECT)}. */
    public static final String NOT_AN_OBJECT = "The body must be a JSON object";

    @Override
    public ObjectReader apply(ObjectMapper mapper, Type type) {
        return StrictJson.bodyReader(mapper, type);
    }
}

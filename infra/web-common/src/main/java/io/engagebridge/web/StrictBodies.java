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

    @Override
    public ObjectReader apply(ObjectMapper mapper, Type type) {
        return StrictJson.bodyReader(mapper, type);
    }
}

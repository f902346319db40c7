package io.engagebridge.web;

import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A place in a request body, named two ways for the caller: {@code field} as people write it
 * ({@code items[1].quantity}, used in a problem's detail) and {@code pointer} as a JSON pointer
 * ({@code /items/1/quantity}, RFC 6901, in a problem's {@code errors}). Both use the JSON names, which are the
 * request records' component names; the body itself is {@code ""}.
 */
public record BodyPlace(String field, String pointer) {

    public static final BodyPlace BODY = new BodyPlace("", "");

    public boolean isBody() {
        return pointer.isEmpty();
    }

    /** One step further in: an object's field. */
    public BodyPlace field(String name) {
        return new BodyPlace(field.isEmpty() ? name : field + "." + name, pointer + "/" + escape(name));
    }

    /** One step further in: a list's element. */
    public BodyPlace index(int index) {
        return new BodyPlace(field + "[" + index + "]", pointer + "/" + index);
    }

    /** Where Jackson was when it failed to read the body. */
    public static BodyPlace of(JsonMappingException e) {
        BodyPlace place = BODY;
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                place = place.field(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                place = place.index(step.getIndex());
            }
        }
        return place;
    }

    /**
     * Where in a method's body parameter a constraint failed: the method and parameter nodes are left out, a
     * node's index (Bean Validation puts it on the node after the list) becomes the list's element.
     */
    public static BodyPlace of(Path path) {
        BodyPlace place = BODY;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR
                    || node.getKind() == ElementKind.PARAMETER || node.getKind() == ElementKind.CROSS_PARAMETER
                    || node.getKind() == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (node.isInIterable() && node.getIndex() != null) {
                place = place.index(node.getIndex());
            } else if (node.isInIterable() && node.getKey() != null) {
                place = place.field(String.valueOf(node.getKey()));
            }
            if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                place = place.field(node.getName());
            }
        }
        return place;
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}

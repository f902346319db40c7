package io.engagebridge.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A value a request body may not hold, found while the body is read (a NUL character, a key that is not text): the
 * caller's words for it, completed with where it is once Jackson has added the path. In {@code detail},
 * {@code {field}} becomes the field ({@code items[1].sku}) and {@code {pointer}} the JSON pointer.
 */
public class FieldProblem extends MismatchedInputException {

    private final String detail;
    private final String innerPointer;

    /**
     * @param innerPointer where inside the value being read the problem is ({@code ""}: the value itself), for a
     *                     value read whole, such as a free-form object
     */
    public FieldProblem(JsonParser parser, String detail, String innerPointer) {
        super(parser, detail, (Class<?>) null);
        this.detail = detail;
        this.innerPointer = innerPointer;
    }

    /** The place the problem is at, given where Jackson's path ends. */
    public BodyPlace place() {
        BodyPlace place = BodyPlace.of(this);
        return new BodyPlace(place.field(), place.pointer() + innerPointer);
    }

    /** What the caller reads. */
    public String detail() {
        BodyPlace place = place();
        return detail.replace("{field}", place.field()).replace("{pointer}",
                place.isBody() ? "the top level" : place.pointer());
    }
}

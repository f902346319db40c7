package io.engagebridge.outbox;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The test kinds' payload. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TestPayload(String reference, Integer n) {

    static TestPayload numbered(int n) {
        return new TestPayload(null, n);
    }
}

package io.engagebridge.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 error body ({@code application/problem+json}). {@code code} carries Engage's error code when the
 * problem came from Engage; {@code requestId} ties it to the logs; {@code errors} names, for a body refused, each
 * place in it that is wrong as a JSON pointer (RFC 6901) into the body as the caller sent it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// Also written outside JAX-RS (ApiException.send, on management routes): native images need it registered.
@RegisterForReflection(targets = { Problem.class, Problem.FieldError.class })
public record Problem(String type, String title, int status, String detail, String code, String requestId,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(String type, String title, int status, String detail, String code, String requestId) {
        this(type, title, status, detail, code, requestId, null);
    }

    /**
     * One wrong place in a request body: {@code pointer} {@code /items/1/quantity} ({@code ""} for the body as a
     * whole), {@code detail} what is wrong there.
     */
    public record FieldError(String pointer, String detail) {
    }
}

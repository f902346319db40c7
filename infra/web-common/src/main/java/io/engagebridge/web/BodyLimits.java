package io.engagebridge.web;

import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * What a request body must say about itself before anything reads it or acts on the request, the same in every app:
 * its length, at most {@code web.max-body-bytes} (default 64 KiB; over it 413), and its media type (a body without
 * {@code Content-Type} is 415, not taken for JSON). A body of unknown length ({@code Transfer-Encoding: chunked}) is
 * 411: its size would show only while it is read, and a route that reads no body would act on the request meanwhile.
 * HTTP clients send {@code Content-Length} for a body they hold, as the apps' own REST clients do.
 */
public class BodyLimits {

    private final long maxBytes;

    public BodyLimits(@ConfigProperty(name = "web.max-body-bytes", defaultValue = "65536") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(ContainerRequestContext request) {
        return refusal(request.getHeaders().containsKey("Transfer-Encoding"), request.getLength(),
                request.getHeaderString(HttpHeaders.CONTENT_TYPE)).map(refused -> refused.toResponse(RequestIds.current()));
    }

    /**
     * The same checks for a route outside JAX-RS (the gateway's receipt route): the refusal, or empty when the body may
     * be read. {@code length} is the request's Content-Length, -1 when it has none.
     */
    public Optional<ApiException> refusal(boolean chunked, long length, String contentType) {
        if (chunked) {
            return refuse(411, "Length required", "Send the body with its Content-Length; a body of unknown length "
                    + "(Transfer-Encoding: chunked) is not accepted.");
        }
        if (length > maxBytes) {
            return refuse(413, "Payload too large", "The body has " + length + " bytes; at most " + maxBytes
                    + " are accepted.");
        }
        if (length > 0 && contentType == null) {
            return refuse(415, "Unsupported Media Type", "Send the body as application/json (Content-Type).");
        }
        return Optional.empty();
    }

    private static Optional<ApiException> refuse(int status, String title, String detail) {
        return Optional.of(new ApiException(status, title, detail, null, null));
    }
}

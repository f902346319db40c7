package io.engagebridge.web;

import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses bodies over {@code web.max-body-bytes} (default 64 KiB) with a problem that says so. Bodies without a
 * length are still capped by {@code quarkus.http.limits.max-body-size}.
 */
public class BodySizeLimit {

    private final long maxBytes;

    public BodySizeLimit(@ConfigProperty(name = "web.max-body-bytes", defaultValue = "65536") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(ContainerRequestContext request) {
        int length = request.getLength();
        if (length > maxBytes) {
            return Optional.of(new ApiException(413, "Payload too large",
                    "The body has " + length + " bytes; at most " + maxBytes + " are accepted.", null, null)
                    .toResponse(RequestIds.current()));
        }
        return Optional.empty();
    }
}

package io.engagebridge.gateway.upstream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/** A service's answer, kept whole so the gateway can pass it on (or cache it) as it came. */
public record Answer(int status, String body, String contentType, Map<String, String> headers) {

    /** Headers of a service's answer that reach the caller. */
    static final List<String> PASSED_ON = List.of("Retry-After", "X-Stale-Age", "Location");

    public static Answer of(Response response) {
        String body = response.hasEntity() ? response.readEntity(String.class) : null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : PASSED_ON) {
            String value = response.getHeaderString(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return new Answer(response.getStatus(), body, response.getHeaderString(HttpHeaders.CONTENT_TYPE), headers);
    }

    /** The call's answer; 502/503/504 and no answer at all become {@link UpstreamUnavailable}. */
    static Uni<Answer> from(String service, Uni<Response> call) {
        return call
                .onFailure().transform(failure -> new UpstreamUnavailable(service, null, failure))
                .map(Answer::of)
                .invoke(answer -> {
                    if (answer.status() == 502 || answer.status() == 503 || answer.status() == 504) {
                        throw new UpstreamUnavailable(service, answer, null);
                    }
                });
    }

    public boolean isOk() {
        return status >= 200 && status < 300;
    }

    public Answer withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Answer(status, body, contentType, more);
    }

    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status);
        if (body != null) {
            response.entity(body).type(contentType == null ? "application/json" : contentType);
        }
        headers.forEach(response::header);
        return response.build();
    }
}

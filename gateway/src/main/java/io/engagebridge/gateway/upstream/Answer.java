package io.engagebridge.gateway.upstream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;

/** A service's answer, kept whole so the gateway can pass it on (or cache it) as it came. */
public record Answer(int status, String body, String contentType, Map<String, String> headers) {

    private static final Logger LOG = Logger.getLogger(Answer.class);

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

    /**
     * The call's answer; 502/503/504 and no answer at all become {@link UpstreamUnavailable}. So does 401/403: the
     * service refused the gateway's own service token, a fault of this deployment's keys, never passed on as if the
     * caller's token were wrong.
     */
    static Uni<Answer> from(String service, Uni<Response> call) {
        return call
                .onFailure().transform(failure -> new UpstreamUnavailable(service, null, failure))
                .map(Answer::of)
                .invoke(answer -> checked(service, answer));
    }

    /** {@link #from(String, Uni)}'s rule for one answer, for calls made without the REST client: throws or passes. */
    static Answer checked(String service, Answer answer) {
        if (refusedTheGateway(answer.status())) {
            LOG.errorf("%s refused the gateway's service token (%d): check the gateway's SERVICE_SIGNING_KEY_ID "
                    + "and SERVICE_SIGNING_KEY_LOCATION, and the service's SERVICE_KEYS_LOCATION", service,
                    answer.status());
            throw UpstreamUnavailable.refused(service);
        }
        if (answer.status() == 502 || answer.status() == 503 || answer.status() == 504) {
            throw new UpstreamUnavailable(service, answer, null);
        }
        return answer;
    }

    private static boolean refusedTheGateway(int status) {
        return status == 401 || status == 403;
    }

    public boolean isOk() {
        return status >= 200 && status < 300;
    }

    public Answer withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Answer(status, body, contentType, more);
    }

    /** The same answer as {@link #toResponse()}, written on a route outside JAX-RS. */
    public void send(HttpServerResponse response) {
        response.setStatusCode(status);
        headers.forEach(response::putHeader);
        if (body == null) {
            response.end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, contentType == null ? "application/json" : contentType);
        response.end(body);
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

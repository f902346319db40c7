package io.engagebridge.web;

import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** An answer other than success, raised anywhere below a resource and written as problem+json. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String title;
    private final String code;
    private final Integer retryAfterSeconds;
    private final List<Problem.FieldError> errors;

    public ApiException(int status, String title, String detail, String code, Integer retryAfterSeconds) {
        this(status, title, detail, code, retryAfterSeconds, null);
    }

    private ApiException(int status, String title, String detail, String code, Integer retryAfterSeconds,
            List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
        this.errors = errors;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad request", detail, null, null);
    }

    /** A body refused: {@code detail} for people, {@code errors} the places in the body (JSON pointers). */
    public static ApiException invalidBody(String detail, List<Problem.FieldError> errors) {
        return new ApiException(400, "Bad request", detail, null, null, List.copyOf(errors));
    }

    /** A body refused for what is at {@code pointer} (a JSON pointer into it, "" for the whole body). */
    public static ApiException invalidField(String pointer, String detail) {
        return invalidBody(detail, List.of(new Problem.FieldError(pointer, detail)));
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not found", detail, null, null);
    }

    public static ApiException conflict(String detail, String code) {
        return new ApiException(409, "Conflict", detail, code, null);
    }

    /** Engage refused the data (400/422 from Engage): the caller must correct it. */
    public static ApiException rejectedByEngage(String detail, String code) {
        return new ApiException(422, "Rejected by Engage", detail, code, null);
    }

    /**
     * Engage's final word on a request, passed on to our caller: 404 (not found, with Engage's code), 409 (a business
     * conflict such as PromotionAlreadyRedeemed), anything else as 422 (Engage rejected the data).
     */
    public static ApiException fromEngageVerdict(int status, String code, String message) {
        return switch (status) {
            case 404 -> new ApiException(404, "Not found", message, code, null);
            case 409 -> conflict(message, code);
            default -> rejectedByEngage(message, code);
        };
    }

    /** Our own fault: nothing of it is said to the caller (the cause is logged where it is caught). */
    public static ApiException unexpected() {
        return new ApiException(500, "Internal error", "Something went wrong on our side; it has been logged.", null,
                null);
    }

    public static ApiException unavailable(String detail, int retryAfterSeconds) {
        return new ApiException(503, "Service unavailable", detail, null, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String code() {
        return code;
    }

    /** The places in the body that are wrong; null when the problem is not about a body's content. */
    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Response toResponse(String requestId) {
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE).entity(problem(requestId));
        if (retryAfterSeconds != null) {
            response.header("Retry-After", retryAfterSeconds);
        }
        return response.build();
    }

    /**
     * Answers a Vert.x route with this problem, the same body as {@link #toResponse(String)}: for routes outside
     * JAX-RS (the management interface's), whose request id is {@link RequestIds#current(RoutingContext)}.
     */
    public void send(RoutingContext route, ObjectMapper json) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem(RequestIds.current(route)));
        } catch (JsonProcessingException e) {
            route.fail(e);
            return;
        }
        HttpServerResponse response = route.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (retryAfterSeconds != null) {
            response.putHeader("Retry-After", String.valueOf(retryAfterSeconds));
        }
        response.end(Buffer.buffer(body));
    }

    private Problem problem(String requestId) {
        return new Problem("about:blank", title, status, getMessage(), code, requestId, errors);
    }

    /** The reason phrase for a status, for problems built from bare statuses. */
    public static String titleOf(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }
}

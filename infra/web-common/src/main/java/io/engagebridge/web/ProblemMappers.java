package io.engagebridge.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** Every error leaves as problem+json with a clear detail; internals never leak. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return e.toResponse(RequestIds.current());
    }

    /** A body that cannot be read, said in the caller's terms: what is wrong and where, nothing of our parser. */
    @ServerExceptionMapper
    public Response brokenJson(JsonProcessingException e) {
        return ApiException.badRequest(whatIsWrong(e)).toResponse(RequestIds.current());
    }

    /** Quarkus REST maps this one itself (a bare 400); ours says what is wrong. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return brokenJson(e);
    }

    static String whatIsWrong(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
        String original = String.valueOf(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException) {
            return "The body is nested deeper than " + StrictJson.MAX_DEPTH + " levels" + where;
        }
        if (original.startsWith("Duplicate field ")) {
            return "The field " + original.substring("Duplicate field ".length()) + " appears twice" + where;
        }
        if (original.startsWith("Trailing token")) {
            return "The body holds more than one JSON value" + where;
        }
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return "The field " + pointer(mismatch) + " has the wrong type" + where;
        }
        if (e instanceof MismatchedInputException) {
            return "The body must be a JSON value of the documented shape" + where;
        }
        return "The body is not valid JSON" + where;
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            pointer.append('/').append(step.getFieldName() != null ? step.getFieldName() : String.valueOf(step.getIndex()));
        }
        return pointer.toString();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (status == 400 && cause instanceof JsonProcessingException json) {
            return brokenJson(json);
        }
        String detail = status == 415 ? "Send the body as application/json"
                : e.getMessage() == null ? ApiException.titleOf(status) : e.getMessage();
        return new ApiException(status, ApiException.titleOf(status), detail, null, null)
                .toResponse(RequestIds.current());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.errorf(e, "Unexpected failure (request %s)", RequestIds.current());
        return new ApiException(500, "Internal error", "Something went wrong on our side; it has been logged.", null,
                null).toResponse(RequestIds.current());
    }
}

package io.engagebridge.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Every error leaves as problem+json with a clear detail; internals never leak. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return e.toResponse(RequestIds.current());
    }

    @ServerExceptionMapper
    public Response brokenJson(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        return ApiException.badRequest("The body is not valid JSON" + where + ": " + e.getOriginalMessage())
                .toResponse(RequestIds.current());
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

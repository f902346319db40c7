package io.engagebridge.serviceauth;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.engagebridge.web.ApiException;
import io.engagebridge.web.RequestIds;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** 401 (no valid service token) and 403 (this caller may not call that) as problem+json, like every other error. */
public class AuthProblems {

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return notAuthenticated();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return notAuthenticated();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return new ApiException(403, "Forbidden", "This caller may not call this endpoint", null, null)
                .toResponse(RequestIds.current());
    }

    private static Response notAuthenticated() {
        Response problem = new ApiException(401, "Unauthorized", "A valid service token is required", null, null)
                .toResponse(RequestIds.current());
        return Response.fromResponse(problem).header("WWW-Authenticate", "Bearer").build();
    }
}

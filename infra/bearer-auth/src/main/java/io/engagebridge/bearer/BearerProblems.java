package io.engagebridge.bearer;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.engagebridge.web.ApiException;
import io.engagebridge.web.RequestIds;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * 401 (no valid bearer token, with {@code WWW-Authenticate: Bearer}) and 403 (a token that may not do that) as
 * problem+json, like every other error; on the gateway and on the services alike.
 */
public class BearerProblems {

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
        return new ApiException(403, "Forbidden", "This token may not do that", null, null)
                .toResponse(RequestIds.current());
    }

    private static Response notAuthenticated() {
        Response problem = new ApiException(401, "Unauthorized", "A valid bearer token is required", null, null)
                .toResponse(RequestIds.current());
        return Response.fromResponse(problem).header("WWW-Authenticate", "Bearer").build();
    }
}

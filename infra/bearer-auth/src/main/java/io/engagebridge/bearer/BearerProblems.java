package io.engagebridge.bearer;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.engagebridge.web.ApiException;
import io.engagebridge.web.RequestIds;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.RoutingContext;

/**
 * 401 (no valid bearer token, with {@code WWW-Authenticate: Bearer}) and 403 (a token that may not do that) as
 * problem+json, like every other error; on the gateway and on the services alike, for JAX-RS resources (the mappers)
 * and for routes outside JAX-RS (the management interface's, {@link #refuseUnauthenticated(RoutingContext, ObjectMapper)}).
 */
public class BearerProblems {

    /** The scheme a refused caller is told to use ({@code WWW-Authenticate}). */
    static final String CHALLENGE = "Bearer";

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
        return notAllowed().toResponse(RequestIds.current());
    }

    /** A Vert.x route's 401: no token, or one that does not verify. */
    public static void refuseUnauthenticated(RoutingContext route, ObjectMapper json) {
        route.response().putHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        notAuthenticatedProblem().send(route, json);
    }

    /** A Vert.x route's 403: a valid token of a caller not allowed there. */
    public static void refuseNotAllowed(RoutingContext route, ObjectMapper json) {
        notAllowed().send(route, json);
    }

    private static Response notAuthenticated() {
        Response problem = notAuthenticatedProblem().toResponse(RequestIds.current());
        return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build();
    }

    private static ApiException notAuthenticatedProblem() {
        return new ApiException(401, "Unauthorized", "A valid bearer token is required", null, null);
    }

    private static ApiException notAllowed() {
        return new ApiException(403, "Forbidden", "This token may not do that", null, null);
    }
}

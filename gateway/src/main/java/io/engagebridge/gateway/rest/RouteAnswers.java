package io.engagebridge.gateway.rest;

import java.util.Optional;

import jakarta.ws.rs.core.MediaType;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.engagebridge.bearer.BearerProblems;
import io.engagebridge.web.ApiException;
import io.engagebridge.web.BodyLimits;
import io.engagebridge.web.RequestIds;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * What the gateway's Vert.x routes ({@link ReceiptRoute}, {@link MyPagesRoute}) answer where RESTEasy and its mappers
 * would have: the same problems, said once for both.
 */
final class RouteAnswers {

    private static final Logger LOG = Logger.getLogger(RouteAnswers.class);
    private static final MediaType JSON = MediaType.APPLICATION_JSON_TYPE;

    private RouteAnswers() {
    }

    /** {@link BodyLimits}' refusal of the request's body, as its JAX-RS filter answers it (411, 413, 415). */
    static Optional<ApiException> bodyRefusal(BodyLimits limits, HttpServerRequest request) {
        return limits.refusal(request.headers().contains(HttpHeaders.TRANSFER_ENCODING), length(request),
                request.getHeader(HttpHeaders.CONTENT_TYPE));
    }

    private static long length(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }

    /** {@code @Produces} JSON's refusal, as RESTEasy says it: an Accept that takes no JSON is 406. */
    static Optional<ApiException> notAcceptable(String accept) {
        if (accept != null && !accepts(accept)) {
            return Optional.of(new ApiException(406, "Not Acceptable",
                    "The accept header value did not match the value in @Produces", null, null));
        }
        return Optional.empty();
    }

    /**
     * Whether the caller may call a route for {@code role}, as {@code @RolesAllowed} decides; when not, the caller has
     * been answered: 401 without a verified token, 403 without the group.
     */
    static boolean admits(RoutingContext route, SecurityIdentity caller, String role, ObjectMapper json) {
        if (caller == null || caller.isAnonymous()) {
            BearerProblems.refuseUnauthenticated(route, json);
            return false;
        }
        if (!caller.hasRole(role)) {
            BearerProblems.refuseNotAllowed(route, json);
            return false;
        }
        return true;
    }

    /** A failure to establish the caller: 401 when the token is missing or does not verify, else unexpected. */
    static void refuseUnauthenticated(RoutingContext route, Throwable failure, ObjectMapper json) {
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            BearerProblems.refuseUnauthenticated(route, json);
        } else {
            failed(route, failure, json);
        }
    }

    /** As ProblemMappers' last resort: logged whole, said to nobody. */
    static void failed(RoutingContext route, Throwable failure, ObjectMapper json) {
        LOG.errorf(failure, "Unexpected failure (request %s)", RequestIds.current(route));
        ApiException.unexpected().send(route, json);
    }

    static boolean compatible(String contentType) {
        MediaType parsed = parsed(contentType);
        return parsed != null && JSON.isCompatible(parsed);
    }

    static MediaType parsed(String type) {
        try {
            return MediaType.valueOf(type);
        } catch (IllegalArgumentException notAType) {
            return null;
        }
    }

    private static boolean accepts(String accept) {
        for (String type : accept.split(",")) {
            MediaType parsed = parsed(type.trim());
            if (parsed != null && JSON.isCompatible(parsed) && !"0".equals(parsed.getParameters().get("q"))) {
                return true;
            }
        }
        return false;
    }
}

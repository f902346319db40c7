package io.engagebridge.serviceauth;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.engagebridge.bearer.BearerProblems;
import io.engagebridge.web.ApiException;
import io.engagebridge.web.RequestIds;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards a route of the management interface (health and metrics stay open there; an endpoint with data does not):
 * a caller is admitted with a service token this service accepts on its API port, and only when its group is one of
 * the route's. The token goes through the same verification as on the API port, not a copy of it: Quarkus' identity
 * providers (smallrye-jwt with this service's {@code mp.jwt.verify.*} and {@code smallrye.jwt.time-to-live}: its key
 * in the JWK set, issuer, audience, expiry, lifetime; bearer-auth's remembered verifications) and augmentors
 * ({@link SignerGroups}: only the group its key gives). Otherwise 401 / 403 as problem+json, as on the API port.
 * <p>
 * Why not {@code quarkus.management.auth.permission.*}: with {@code quarkus.management.auth.enabled} Quarkus does verify
 * the same bearer tokens on the management interface (tried with Quarkus 3.33: 200 for the allowed group, 403 for
 * another, 401 for another audience or a group its key does not give), but it refuses a request without a valid
 * token with a bare 401 (no body, answered before any failure handler of the router sees it), where every refusal of
 * ours is problem+json.
 */
@ApplicationScoped
public class ManagementCallers {

    private static final Logger LOG = Logger.getLogger(ManagementCallers.class);
    private static final String BEARER = "Bearer ";

    private final IdentityProviderManager identities;
    private final ObjectMapper json;

    public ManagementCallers(IdentityProviderManager identities, ObjectMapper json) {
        this.identities = identities;
        this.json = json;
    }

    /**
     * A route handler passing on ({@code next()}) the requests of a caller whose token verifies and whose group is one
     * of {@code groups}, and answering every other with 401 (no token, or one that does not verify) or 403.
     */
    public Handler<RoutingContext> admitting(Set<String> groups) {
        Set<String> allowed = Set.copyOf(groups);
        return route -> {
            String token = bearerToken(route.request().getHeader(HttpHeaders.AUTHORIZATION));
            if (token == null) {
                BearerProblems.refuseUnauthenticated(route, json);
                return;
            }
            Context context = Vertx.currentContext();
            AuthenticationRequest request = HttpSecurityUtils.setRoutingContextAttribute(
                    new TokenAuthenticationRequest(new JsonWebTokenCredential(token)), route);
            identities.authenticate(request).subscribe().with(
                    identity -> onContext(context, () -> admit(route, identity, allowed)),
                    failure -> onContext(context, () -> refuse(route, failure)));
        };
    }

    private void admit(RoutingContext route, SecurityIdentity identity, Set<String> allowed) {
        if (identity == null || identity.isAnonymous()) {
            BearerProblems.refuseUnauthenticated(route, json);
        } else if (allowed.stream().anyMatch(identity::hasRole)) {
            route.next();
        } else {
            BearerProblems.refuseNotAllowed(route, json);
        }
    }

    private void refuse(RoutingContext route, Throwable failure) {
        if (failure instanceof AuthenticationFailedException) {
            BearerProblems.refuseUnauthenticated(route, json);
        } else {
            LOG.errorf(failure, "Could not check the caller of %s %s (request %s)", route.request().method(),
                    route.normalizedPath(), RequestIds.current(route));
            ApiException.unexpected().send(route, json);
        }
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null. */
    static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    /** Verification may finish on another thread (a blocking key source): the answer is written on the request's. */
    private static void onContext(Context context, Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }
}

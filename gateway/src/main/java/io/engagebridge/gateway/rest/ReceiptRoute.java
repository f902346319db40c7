package io.engagebridge.gateway.rest;

import java.io.IOException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.engagebridge.bearer.BearerProblems;
import io.engagebridge.gateway.service.CachedReads;
import io.engagebridge.gateway.service.Passthrough;
import io.engagebridge.gateway.upstream.Answer;
import io.engagebridge.gateway.upstream.ReceiptsUpstream;
import io.engagebridge.web.ApiException;
import io.engagebridge.web.BodyLimits;
import io.engagebridge.web.RequestIds;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/receipts}, the tills' busiest call, served on a Vert.x route ahead of JAX-RS: the receipt's bytes go
 * on to transactions-service untouched ({@link ReceiptsUpstream}) and its answer comes back as it came. A second way to
 * serve a route, for a measured reason: RESTEasy's pipeline, its security handlers and context propagation were over
 * half of the gateway's CPU per receipt (async-profiler, infra/scripts/bench/README.md). {@link PosResource#receipt}
 * keeps describing the route in the API document; it never serves it (ReceiptRouteTest).
 * <p>
 * Every answer is the one the JAX-RS method gave, in the same order: the request id first ({@link RequestIds}), the body's
 * length and media type ({@link BodyLimits}: 411, 413, 415), then what {@code @Consumes}/{@code @Produces} JSON refuse
 * (415, 406), then the caller's token, verified by Quarkus security as for every route ({@link BearerProblems}: 401,
 * 403 unless group pos), then the call; a failed call is a 503 as {@link Passthrough} says it, an accepted receipt
 * evicts its contact's cached purchases. Metrics (http.server.requests) and graceful shutdown count it as any request.
 */
@ApplicationScoped
public class ReceiptRoute {

    static final String PATH = "/api/v1/receipts";
    /** The group a caller's token must carry, as {@code @RolesAllowed} on {@link PosResource}. */
    static final String ROLE = "pos";
    /**
     * After Quarkus security's own handler (order -200), which readies the caller's identity, lazily as for JAX-RS
     * ({@code quarkus.http.auth.proactive=false}); before RESTEasy's route.
     */
    static final int ORDER = -100;


    private final ReceiptsUpstream receipts;
    private final Passthrough passthrough;
    private final CachedReads cache;
    private final BodyLimits limits;
    private final ObjectMapper json;

    public ReceiptRoute(ReceiptsUpstream receipts, Passthrough passthrough, CachedReads cache, ObjectMapper json,
            @ConfigProperty(name = "web.max-body-bytes", defaultValue = "65536") long maxBodyBytes) {
        this.receipts = receipts;
        this.passthrough = passthrough;
        this.cache = cache;
        this.json = json;
        this.limits = new BodyLimits(maxBodyBytes);
    }

    void register(@Observes Router router) {
        router.post(PATH).order(ORDER).handler(RequestIds::assign).handler(this::receipt);
    }

    private void receipt(RoutingContext route) {
        HttpServerRequest request = route.request();
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        Optional<ApiException> refused = RouteAnswers.bodyRefusal(limits, request);
        if (refused.isEmpty()) {
            refused = mediaTypes(contentType, request.getHeader(HttpHeaders.ACCEPT));
        }
        if (refused.isPresent()) {
            refused.get().send(route, json);
            return;
        }
        request.body().onComplete(body -> {
            if (body.failed()) {
                RouteAnswers.failed(route, body.cause(), json);
                return;
            }
            QuarkusHttpUser.getSecurityIdentity(route, null).subscribe().with(
                    caller -> admitted(route, caller, body.result(), contentType),
                    failure -> RouteAnswers.refuseUnauthenticated(route, failure, json));
        });
        // the router holds the request paused until a handler takes its body
        request.resume();
    }

    private void admitted(RoutingContext route, SecurityIdentity caller, Buffer body, String contentType) {
        if (!RouteAnswers.admits(route, caller, ROLE, json)) {
            return;
        }
        receipts.accept(body, forwarded(contentType), RequestIds.current(route))
                .call(this::evictPurchasesOf)
                .subscribe().with(answer -> answer.send(route.response()), failure -> unavailable(route, failure));
    }

    private void unavailable(RoutingContext route, Throwable failure) {
        if (!Passthrough.isUnavailable(failure)) {
            RouteAnswers.failed(route, failure, json);
            return;
        }
        Answer theirs = Passthrough.passedOn(failure);
        if (theirs != null) {
            theirs.send(route.response());
        } else {
            passthrough.problem(failure).send(route, json);
        }
    }

    /** The receipt's contact, as transactions-service's answer names it (when known). */
    private Uni<Void> evictPurchasesOf(Answer answer) {
        String contactId = answer.isOk() && answer.body() != null ? contactIdOf(answer.body()) : null;
        return contactId == null ? Uni.createFrom().voidItem() : cache.evictPurchases(contactId);
    }

    /**
     * The top-level {@code contactId} string of an answer, read with Jackson's streaming parser: the answer's tree,
     * built only to read one field, was ~2 % of the gateway's CPU per receipt (async-profiler, issue #14). The parser
     * is the mapper's, so the answer is read as its tree was (StrictJson: a field twice, anything after the object, too
     * deep, is unreadable). Null when the answer is unreadable, no JSON object, or names no contact as a string.
     */
    private String contactIdOf(String body) {
        String contactId = null;
        try (JsonParser parser = json.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                boolean wanted = "contactId".equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (wanted) {
                    contactId = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return parser.currentToken() == JsonToken.END_OBJECT && parser.nextToken() == null ? contactId : null;
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * What {@code @Consumes} and {@code @Produces} JSON refuse, as RESTEasy says it: a body of another media type (415,
     * as ProblemMappers words it), an Accept that takes no JSON (406).
     */
    private static Optional<ApiException> mediaTypes(String contentType, String accept) {
        if (contentType != null && !RouteAnswers.compatible(contentType)) {
            return Optional.of(new ApiException(415, "Unsupported Media Type", "Send the body as application/json",
                    null, null));
        }
        return RouteAnswers.notAcceptable(accept);
    }

    /** The caller's own JSON media type (its charset kept) when it names one, else application/json. */
    private static String forwarded(String contentType) {
        MediaType parsed = contentType == null ? null : RouteAnswers.parsed(contentType);
        return parsed != null && !parsed.isWildcardType() && !parsed.isWildcardSubtype() ? contentType
                : MediaType.APPLICATION_JSON;
    }
}

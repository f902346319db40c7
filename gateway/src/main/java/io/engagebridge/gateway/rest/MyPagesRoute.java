package io.engagebridge.gateway.rest;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.engagebridge.bearer.BearerProblems;
import io.engagebridge.gateway.config.GatewayConfig;
import io.engagebridge.gateway.service.CachedReads;
import io.engagebridge.gateway.upstream.Answer;
import io.engagebridge.gateway.upstream.ContactsUpstream;
import io.engagebridge.gateway.upstream.PromotionsUpstream;
import io.engagebridge.gateway.upstream.TransactionsUpstream;
import io.engagebridge.web.ApiException;
import io.engagebridge.web.BodyLimits;
import io.engagebridge.web.Channel;
import io.engagebridge.web.QueryParams;
import io.engagebridge.web.RequestIds;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The My Pages reads ({@code GET /api/v1/me/profile}, {@code /purchases}, {@code /promotions}), served on Vert.x routes
 * ahead of JAX-RS as {@link ReceiptRoute} serves receipts. A second way to serve a route, for a measured reason: a cached
 * read cost the gateway ~46 µs of CPU against ~20 for the bare GET; RESTEasy's pipeline with its CDI request context and
 * eager security checks, and context propagation around its Mutiny steps, were over half of it (async-profiler, issue
 * #14's cached-read aim, infra/scripts/bench/README.md). {@link MyPagesResource} keeps describing these reads in the API
 * document, and answers what these routes leave to JAX-RS (HEAD).
 * <p>
 * Every answer is the one the JAX-RS method gave, in the same order: the request id first ({@link RequestIds}), then a
 * body the JAX-RS filters refuse ({@link BodyLimits}: 411, 413, 415; a GET's body is never read), then an Accept
 * that takes no JSON (406, as {@code @Produces}), then the caller's token, verified by Quarkus security as for
 * every route ({@link BearerProblems}: 401, 403 unless group customer), then the query (400), the token's contact (403
 * when it names none), then {@link CachedReads}' answer: a copy, the service's answer, a stale copy, or 503.
 */
@ApplicationScoped
public class MyPagesRoute {

    static final String PROFILE = "/api/v1/me/profile";
    static final String PURCHASES = "/api/v1/me/purchases";
    static final String PROMOTIONS = "/api/v1/me/promotions";
    /** The group a caller's token must carry, as {@code @RolesAllowed} on {@link MyPagesResource}. */
    static final String ROLE = "customer";

    private final GatewayConfig config;
    private final CachedReads cache;
    private final ContactsUpstream contacts;
    private final TransactionsUpstream transactions;
    private final PromotionsUpstream promotions;
    private final ObjectMapper json;
    private final BodyLimits limits;

    public MyPagesRoute(GatewayConfig config, CachedReads cache, ContactsUpstream contacts,
            TransactionsUpstream transactions, PromotionsUpstream promotions, ObjectMapper json,
            @ConfigProperty(name = "web.max-body-bytes", defaultValue = "65536") long maxBodyBytes) {
        this.limits = new BodyLimits(maxBodyBytes);
        this.config = config;
        this.cache = cache;
        this.contacts = contacts;
        this.transactions = transactions;
        this.promotions = promotions;
        this.json = json;
    }

    /** One read: what it takes from the request (throwing {@link ApiException} for a refusal), then its answer. */
    @FunctionalInterface
    private interface Read {
        Uni<Answer> answer(RoutingContext route, JsonWebToken token);
    }

    void register(@Observes Router router) {
        router.get(PROFILE).order(ReceiptRoute.ORDER).handler(RequestIds::assign).handler(route -> serve(route, this::profile));
        router.get(PURCHASES).order(ReceiptRoute.ORDER).handler(RequestIds::assign)
                .handler(route -> serve(route, this::purchases));
        router.get(PROMOTIONS).order(ReceiptRoute.ORDER).handler(RequestIds::assign)
                .handler(route -> serve(route, this::promotions));
    }

    private Uni<Answer> profile(RoutingContext route, JsonWebToken token) {
        String me = contactId(token);
        return cache.profile(me, () -> contacts.contact(me));
    }

    private Uni<Answer> purchases(RoutingContext route, JsonWebToken token) {
        // Read as MyPagesResource#purchases reads them (and transactions-service)
        int offset = QueryParams.number(route.request().getParam("offset"), "offset", 0, 0, 100_000);
        int count = QueryParams.number(route.request().getParam("count"), "count", 20, 1, 100);
        String me = contactId(token);
        return cache.purchases(me, offset, count, () -> transactions.transactions(me, offset, count));
    }

    private Uni<Answer> promotions(RoutingContext route, JsonWebToken token) {
        String channel = route.request().getParam("channel");
        String wanted = Channel.parse(channel == null ? Channel.ECOM.name() : channel, "channel").name();
        String me = contactId(token);
        return cache.promotions(me, wanted, () -> promotions.promotions(me, wanted));
    }

    private String contactId(JsonWebToken token) {
        return MyPagesResource.contactId(token, config.contactClaim());
    }

    private void serve(RoutingContext route, Read read) {
        // the router holds the request paused until a handler takes its body: a GET's is not read
        route.request().resume();
        Optional<ApiException> refused = RouteAnswers.bodyRefusal(limits, route.request());
        if (refused.isEmpty()) {
            refused = RouteAnswers.notAcceptable(route.request().getHeader(HttpHeaders.ACCEPT));
        }
        if (refused.isPresent()) {
            refused.get().send(route, json);
            return;
        }
        QuarkusHttpUser.getSecurityIdentity(route, null).subscribe().with(
                caller -> admitted(route, caller, read),
                failure -> RouteAnswers.refuseUnauthenticated(route, failure, json));
    }

    private void admitted(RoutingContext route, SecurityIdentity caller, Read read) {
        if (!RouteAnswers.admits(route, caller, ROLE, json)) {
            return;
        }
        if (!(caller.getPrincipal() instanceof JsonWebToken token)) {
            BearerProblems.refuseNotAllowed(route, json);
            return;
        }
        Uni<Answer> answer;
        try {
            answer = read.answer(route, token);
        } catch (ApiException refusal) {
            refusal.send(route, json);
            return;
        }
        answer.subscribe().with(it -> it.send(route.response()), failure -> failed(route, failure));
    }

    private void failed(RoutingContext route, Throwable failure) {
        if (failure instanceof ApiException problem) {
            problem.send(route, json);
        } else {
            RouteAnswers.failed(route, failure, json);
        }
    }
}

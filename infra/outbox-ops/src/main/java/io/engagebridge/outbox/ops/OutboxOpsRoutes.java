package io.engagebridge.outbox.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.engagebridge.outbox.OutboxOps;
import io.engagebridge.serviceauth.ManagementCallers;
import io.engagebridge.web.ApiException;
import io.engagebridge.web.QueryParams;
import io.engagebridge.web.RequestIds;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.vertx.http.ManagementInterface;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The outbox's ops endpoints, on the management interface beside health and metrics, never on the API port:
 * <ul>
 * <li>{@code GET /ops/outbox}: the figures ({@link OutboxOps#overview()}), to {@code outbox.ops.figures-callers};</li>
 * <li>{@code GET /ops/outbox/dead?limit=100}: the DEAD messages, newest first, to {@code outbox.ops.dead-callers};</li>
 * <li>{@code POST /ops/outbox/dead/{id}/redrive}: 204 re-queued, 404 no such DEAD message, 409 superseded by a later
 * message of the same key; to {@code outbox.ops.dead-callers}.</li>
 * </ul>
 * Every route checks its caller first ({@link ManagementCallers}: a service token verified as on the API port, 401 /
 * 403 as problem+json). Errors are problem+json, with the request's {@code X-Request-Id}.
 */
@ApplicationScoped
// Written with Jackson outside JAX-RS, which registers only its own resources' types: native images need these.
@RegisterForReflection(targets = { OutboxOps.Overview.class, OutboxOps.Engage.class, OutboxOps.DeadMessage.class })
public class OutboxOpsRoutes {

    static final String FIGURES = "/ops/outbox";
    static final String DEAD = FIGURES + "/dead";
    static final String REDRIVE = DEAD + "/:id/redrive";
    /** DEAD messages listed when the caller names no limit, and the most one list holds. */
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private static final Logger LOG = Logger.getLogger(OutboxOpsRoutes.class);

    private final OutboxOps ops;
    private final ManagementCallers callers;
    private final OutboxOpsConfig config;
    private final ObjectMapper json;

    public OutboxOpsRoutes(OutboxOps ops, ManagementCallers callers, OutboxOpsConfig config, ObjectMapper json) {
        this.ops = ops;
        this.callers = callers;
        this.config = config;
        this.json = json;
    }

    void register(@Observes ManagementInterface management) {
        Router router = management.router();
        router.get(FIGURES).handler(RequestIds::assign).handler(callers.admitting(config.figuresCallers()))
                .handler(this::figures);
        router.get(DEAD).handler(RequestIds::assign).handler(callers.admitting(config.deadCallers()))
                .handler(this::dead);
        router.post(REDRIVE).handler(RequestIds::assign).handler(callers.admitting(config.deadCallers()))
                .handler(this::redrive);
    }

    private void figures(RoutingContext route) {
        answer(route, ops.overview());
    }

    private void dead(RoutingContext route) {
        int count;
        try {
            // read as every other whole-number parameter of ours; a count past the bounds is brought within them
            count = QueryParams.number(route.queryParams().get("limit"), "limit", DEFAULT_LIMIT, 0, 999_999_999);
        } catch (ApiException notANumber) {
            notANumber.send(route, json);
            return;
        }
        answer(route, ops.dead(Math.max(1, Math.min(count, MAX_LIMIT))));
    }

    private void redrive(RoutingContext route) {
        String id = route.pathParam("id");
        if (!id.matches("\\d{1,18}")) {
            // what the caller wrote is not said back: it is no message id anyway
            ApiException.notFound("No DEAD outbox message has that id").send(route, json);
            return;
        }
        long message = Long.parseLong(id);
        ops.redrive(message).subscribe().with(redrive -> {
            switch (redrive.outcome()) {
                case REQUEUED -> route.response().setStatusCode(204).end();
                case NOT_FOUND -> notDead(id).send(route, json);
                case SUPERSEDED -> new ApiException(409, "Superseded", "Outbox message " + redrive.newerId()
                        + " of the same key was written after " + id + "; re-driving " + id
                        + " would overwrite newer data with older. Re-send the change instead, if it is still wanted.",
                        null, null).send(route, json);
            }
        }, failure -> failed(route, failure));
    }

    private static ApiException notDead(String id) {
        return ApiException.notFound("No DEAD outbox message " + id);
    }

    private void answer(RoutingContext route, Uni<?> result) {
        result.subscribe().with(item -> {
            byte[] body;
            try {
                body = json.writeValueAsBytes(item);
            } catch (JsonProcessingException e) {
                failed(route, e);
                return;
            }
            route.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Buffer.buffer(body));
        }, failure -> failed(route, failure));
    }

    private void failed(RoutingContext route, Throwable failure) {
        LOG.errorf(failure, "%s %s failed (request %s)", route.request().method(), route.normalizedPath(),
                RequestIds.current(route));
        ApiException.unexpected().send(route, json);
    }
}

package io.engagebridge.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * What stands in front of every {@code /api/v3} call, as in Engage: header checks, the rate limit, injected faults,
 * and the log of what was received.
 */
@ApplicationScoped
public class SandboxGate {

    private static final Logger LOG = Logger.getLogger(SandboxGate.class);
    private static final int LOG_SIZE = 2000;
    private static final String TIMED_OUT = "sandbox.timeout504";

    private final SandboxConfig config;
    private final ObjectMapper json;
    private final Deque<Long> lastSecond = new ArrayDeque<>();
    private final Deque<Received> received = new ArrayDeque<>();
    private final java.util.Map<Long, java.util.concurrent.atomic.AtomicInteger> perSecond =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> perRoute =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Faults faults = Faults.none();

    /** One request as the sandbox saw it (the API key itself is never kept). */
    public record Received(Instant at, String method, String uri, boolean apiKeyOk, String userAgent, int status) {
    }

    public SandboxGate(SandboxConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    public Faults faults() {
        return faults;
    }

    public void faults(Faults faults) {
        this.faults = faults == null ? Faults.none() : faults;
        LOG.infof("Faults now: %s", this.faults);
    }

    public synchronized List<Received> received() {
        return new ArrayList<>(received);
    }

    public synchronized void clearReceived() {
        received.clear();
        perSecond.clear();
        perRoute.clear();
    }

    /** Counts since the last clear: API requests per wall-clock second, and per "METHOD path-pattern status". */
    public Stats stats() {
        java.util.Map<Long, Integer> seconds = new java.util.TreeMap<>();
        perSecond.forEach((second, n) -> seconds.put(second, n.get()));
        java.util.Map<String, Integer> routes = new java.util.TreeMap<>();
        perRoute.forEach((route, n) -> routes.put(route, n.get()));
        int busiest = seconds.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int total = seconds.values().stream().mapToInt(Integer::intValue).sum();
        return new Stats(total, busiest, routes, seconds);
    }

    /** Request counts for benchmarks and demos. */
    public record Stats(int total, int busiestSecond, java.util.Map<String, Integer> byRoute,
            java.util.Map<Long, Integer> perSecond) {
    }

    @ServerRequestFilter
    public Uni<Response> check(ContainerRequestContext request, HttpServerRequest http) {
        if (!request.getUriInfo().getPath().startsWith("/api/v3")) {
            return null;
        }
        Faults now = faults;
        if (now.cutConnections()) {
            http.connection().close();
            return Uni.createFrom().item(Response.status(503).build());
        }
        Response early = refuse(request, now);
        Uni<Response> answer = Uni.createFrom().item(early);
        if (now.latencyMs() > 0) {
            answer = answer.onItem().delayIt().by(Duration.ofMillis(now.latencyMs()));
        }
        return answer;
    }

    /** An early answer, or null to let the call through. */
    private Response refuse(ContainerRequestContext request, Faults now) {
        String key = request.getHeaderString(config.apiKeyHeader());
        if (!config.apiKey().equals(key)) {
            return error(401, "Unauthorized", "Missing or wrong API key");
        }
        if (isBlank(request.getHeaderString(HttpHeaders.USER_AGENT))) {
            return error(400, "UserAgentMissing", "User-Agent is mandatory");
        }
        if (isBlank(request.getHeaderString(HttpHeaders.CONTENT_TYPE))) {
            return error(500, "InternalServerError", "Content-Type is mandatory");
        }
        if (overRateLimit(now.rateLimit() == null ? config.rateLimit() : now.rateLimit())) {
            return error(429, "TooManyRequests", "Rate limit exceeded");
        }
        if (now.down()) {
            return error(503, "ServiceUnavailable", "Engage sandbox is down (fault injected)");
        }
        if (now.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < now.errorRate()) {
            return error(now.errorStatusOrDefault(), "InjectedFault", "Injected failure");
        }
        if (now.timeout504() && isTimeoutProne(request)) {
            if (now.redeemBeforeTimeout() && request.getUriInfo().getPath().endsWith("/redeem")) {
                request.setProperty(TIMED_OUT, Boolean.TRUE);
                return null;
            }
            return error(504, "GatewayTimeout", "Timed out; nothing was changed");
        }
        return null;
    }

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response) {
        if (!request.getUriInfo().getPath().startsWith("/api/v3")) {
            return;
        }
        if (Boolean.TRUE.equals(request.getProperty(TIMED_OUT)) && response.getStatus() < 300) {
            response.setStatus(504);
            response.setEntity(errorBody("GatewayTimeout", "Timed out"));
        }
        String uri = request.getUriInfo().getRequestUri().getRawPath()
                + (request.getUriInfo().getRequestUri().getRawQuery() == null ? ""
                        : "?" + request.getUriInfo().getRequestUri().getRawQuery());
        Received r = new Received(Instant.now(), request.getMethod(), uri,
                config.apiKey().equals(request.getHeaderString(config.apiKeyHeader())),
                request.getHeaderString(HttpHeaders.USER_AGENT), response.getStatus());
        perSecond.computeIfAbsent(r.at().getEpochSecond(), k -> new java.util.concurrent.atomic.AtomicInteger())
                .incrementAndGet();
        String pattern = request.getUriInfo().getPath().replaceAll("/[0-9a-f]{8}-[0-9a-f-]{27,}", "/{id}");
        perRoute.computeIfAbsent(r.method() + " " + pattern + " " + r.status(),
                k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        synchronized (this) {
            received.addLast(r);
            while (received.size() > LOG_SIZE) {
                received.removeFirst();
            }
        }
    }

    private static boolean isTimeoutProne(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return "POST".equals(request.getMethod()) && (path.equals("/api/v3/contacts") || path.endsWith("/redeem"));
    }

    private synchronized boolean overRateLimit(int perSecond) {
        long now = System.nanoTime();
        while (!lastSecond.isEmpty() && now - lastSecond.peekFirst() > 1_000_000_000L) {
            lastSecond.removeFirst();
        }
        if (lastSecond.size() >= perSecond) {
            return true;
        }
        lastSecond.addLast(now);
        return false;
    }

    private Response error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(errorBody(code, message)).build();
    }

    private Object errorBody(String code, String message) {
        var body = json.createObjectNode();
        body.putArray("errors").addObject().put("code", code).put("message", message);
        return body;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}

package io.engagebridge.web;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.vertx.ext.web.RoutingContext;

/**
 * Every request gets an id ({@code X-Request-Id}, kept when given), put in the log context as {@code requestId},
 * echoed in the answer and carried on to the services the request calls.
 */
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final int MAX_LENGTH = 100;

    /** The id of the request being served, or null outside one. */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id == null ? null : id.toString();
    }

    /** The id of a request served by a Vert.x route ({@link #assign(RoutingContext)}), or null before. */
    public static String current(RoutingContext route) {
        Object id = route.get(MDC_KEY);
        return id == null ? null : id.toString();
    }

    /**
     * The id a request goes by: the caller's {@code X-Request-Id} when it is one (up to 100 letters, digits and
     * {@code _ . : -}), a new one otherwise; anything else is never echoed.
     */
    static String idFor(String given) {
        return Ids.isAsciiWord(given, MAX_LENGTH, "_.:-") ? given : newId();
    }

    /**
     * A random (version 4) UUID from the thread's own generator: a request id must be unique, not secret, and
     * {@code UUID.randomUUID()}'s SecureRandom was ~2 % of the gateway's CPU per cached My Pages read
     * (async-profiler, issue #14).
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & ~(0x3L << 62) | (0x2L << 62);
        return new UUID(high, low).toString();
    }

    /** First of all filters, so every answer, refusals included, carries the id in its problem too. */
    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION - 100)
    public void assign(ContainerRequestContext request) {
        String id = idFor(request.getHeaderString(HEADER));
        request.setProperty(MDC_KEY, id);
        MDC.put(MDC_KEY, id);
    }

    /**
     * The same for a route outside JAX-RS (the management interface's): the first handler of the route, so its
     * answers, refusals included, carry the id, in the header and in their problem.
     */
    public static void assign(RoutingContext route) {
        String id = idFor(route.request().getHeader(HEADER));
        route.put(MDC_KEY, id);
        MDC.put(MDC_KEY, id);
        route.response().putHeader(HEADER, id);
        route.next();
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(MDC_KEY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id);
        }
    }
}

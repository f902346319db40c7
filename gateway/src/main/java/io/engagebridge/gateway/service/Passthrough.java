package io.engagebridge.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import io.engagebridge.gateway.config.GatewayConfig;
import io.engagebridge.gateway.upstream.Answer;
import io.engagebridge.gateway.upstream.UpstreamUnavailable;
import io.engagebridge.web.ApiException;
import io.engagebridge.web.RequestIds;
import io.smallrye.mutiny.Uni;

/** Uncached calls (POS, writes): the service's answer as it came; when it fails, 503 with Retry-After. */
@ApplicationScoped
public class Passthrough {

    private static final Logger LOG = Logger.getLogger(Passthrough.class);

    private final GatewayConfig config;

    public Passthrough(GatewayConfig config) {
        this.config = config;
    }

    public Uni<Response> answer(Uni<Answer> call) {
        return call.map(Answer::toResponse)
                .onFailure(CachedReads::isUnavailable).recoverWithItem(this::unavailable);
    }

    Response unavailable(Throwable failure) {
        Answer theirs = passedOn(failure);
        return theirs != null ? theirs.toResponse() : problem(failure).toResponse(RequestIds.current());
    }

    /** Whether a call's failure is the service's (answered 503 or with its own answer), not the gateway's own. */
    public static boolean isUnavailable(Throwable failure) {
        return CachedReads.isUnavailable(failure);
    }

    /** The service's own answer carried by a failure (its 502/503/504), passed on as it came; null when none. */
    public static Answer passedOn(Throwable failure) {
        return failure instanceof UpstreamUnavailable u ? u.answer() : null;
    }

    /** The 503 for a failed call with no answer of the service's to pass on; logged (with the request id). */
    public ApiException problem(Throwable failure) {
        LOG.infof("Answered 503: %s", logged(failure));
        return ApiException.unavailable(said(failure), config.retryAfterSeconds());
    }

    /**
     * What the caller is told: which service failed and how, in words; never a class or method name (a fault
     * tolerance timeout's own message is "io.engagebridge...ContactsUpstream#identify timed out").
     */
    static String said(Throwable failure) {
        if (timedOut(failure)) {
            return "The service did not answer in time";
        }
        if (failure instanceof UpstreamUnavailable) {
            return failure.getMessage();
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return "The service keeps failing; calls to it are paused for a moment";
        }
        if (failure instanceof BulkheadException) {
            return "The service is busy";
        }
        return "The service could not be reached";
    }

    /** A fault tolerance timeout, or a call the client gave up waiting for (its read-timeout). */
    private static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** What the log keeps (with the request id): the whole story, cause included. */
    static String logged(Throwable failure) {
        return failure.getCause() == null ? failure.toString() : failure + " caused by " + failure.getCause();
    }
}

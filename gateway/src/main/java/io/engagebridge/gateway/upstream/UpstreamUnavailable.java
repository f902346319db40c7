package io.engagebridge.gateway.upstream;

/**
 * A service did not answer usefully: no answer, a timeout, or 502/503/504, or it refused the gateway's own service
 * token (401/403). Counts as failure for the breaker; carries the service's own answer, when there was one that may
 * be passed on.
 */
public class UpstreamUnavailable extends RuntimeException {

    private final transient Answer answer;

    /** The message is said to the caller, so it names the service and what happened, never the cause's class. */
    public UpstreamUnavailable(String service, Answer answer, Throwable cause) {
        super(service + (answer == null ? " did not answer" : " answered " + answer.status()), cause, false, false);
        this.answer = answer;
    }

    private UpstreamUnavailable(String message) {
        super(message, null, false, false);
        this.answer = null;
    }

    /** The service refused the gateway's own credentials: its answer is not passed on. */
    static UpstreamUnavailable refused(String service) {
        return new UpstreamUnavailable(service + " refused the gateway's call");
    }

    /** The service's answer, or null when there was none. */
    public Answer answer() {
        return answer;
    }
}

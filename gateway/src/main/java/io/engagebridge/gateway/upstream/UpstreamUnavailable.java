package io.engagebridge.gateway.upstream;

/**
 * A service did not answer usefully: no answer, a timeout, or 502/503/504. Counts as failure for the breaker;
 * carries the service's own answer, when there was one, so it can still be passed on.
 */
public class UpstreamUnavailable extends RuntimeException {

    private final transient Answer answer;

    public UpstreamUnavailable(String service, Answer answer, Throwable cause) {
        super(service + (answer == null ? " did not answer" : " answered " + answer.status())
                + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")"), cause, false, false);
        this.answer = answer;
    }

    /** The service's answer, or null when there was none. */
    public Answer answer() {
        return answer;
    }
}

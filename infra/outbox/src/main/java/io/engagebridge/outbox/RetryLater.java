package io.engagebridge.outbox;

import java.time.Duration;

/** A handler's "not yet": the message waits {@code delay} and the attempt is not counted. */
public class RetryLater extends RuntimeException {

    private final Duration delay;

    public RetryLater(String reason, Duration delay) {
        super(reason, null, false, false);
        this.delay = delay;
    }

    public Duration delay() {
        return delay;
    }
}

package io.engagebridge.outbox;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Escalating waits with jitter: attempt 1 waits the first step, later attempts the next, the last step repeats. */
public final class Backoff {

    private final List<Duration> steps;
    private final double jitter;

    public Backoff(List<Duration> steps, double jitter) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("outbox.backoff needs at least one wait");
        }
        this.steps = List.copyOf(steps);
        this.jitter = Math.max(0, Math.min(jitter, 1));
    }

    /** The wait after the given failed attempt (1-based), before jitter. */
    public Duration base(int attempt) {
        return steps.get(Math.min(Math.max(attempt, 1), steps.size()) - 1);
    }

    /** The wait after the given failed attempt, spread by +/- jitter. */
    public Duration next(int attempt) {
        long millis = base(attempt).toMillis();
        double factor = jitter == 0 ? 1 : 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
        return Duration.ofMillis(Math.round(millis * factor));
    }
}

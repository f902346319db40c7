package io.engagebridge.outbox;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A rate budget shared by every replica of a service, kept in PostgreSQL alone (GCRA): one row holds the
 * theoretical arrival time of the next request. Reserving n requests moves it forward by n intervals under a row
 * lock and answers when the first of them may go; the caller spaces the rest one interval apart.
 */
@ApplicationScoped
public class RateBudget {

    static final String BUDGET = "engage";

    private static final String RESERVE = """
            with clock as (select clock_timestamp() as t)
            update outbox_rate_limit r
               set tat = greatest(r.tat, clock.t) + make_interval(secs => $2)
              from clock
             where r.name = $1
            returning extract(epoch from r.tat) - $2 as start_epoch""";

    private static final String PAUSE = """
            update outbox_rate_limit set tat = greatest(tat, clock_timestamp() + make_interval(secs => $2))
             where name = $1""";

    private final Pool pool;
    private final Duration interval;

    public RateBudget(Pool pool, OutboxConfig config) {
        this.pool = pool;
        double perSecond = config.rateBudget() * (1 - config.rateHeadroom());
        this.interval = Duration.ofNanos(Math.round(1_000_000_000L / perSecond));
    }

    /** Time between two requests of this service, all replicas together. */
    public Duration interval() {
        return interval;
    }

    /**
     * Reserves {@code count} requests; answers when the first may be sent, as epoch milliseconds of the database's
     * clock. Every replica schedules against that one clock, so their slots interleave exactly however long each
     * one's round trip to the database took.
     */
    public Uni<Long> reserve(int count) {
        double span = OutboxStore.seconds(interval) * count;
        return pool.preparedQuery(RESERVE).execute(Tuple.of(BUDGET, span))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new IllegalStateException("outbox_rate_limit has no row '" + BUDGET + "': run migrations");
                    }
                    double start = rows.iterator().next().getNumeric("start_epoch").doubleValue();
                    return Math.round(start * 1000);
                });
    }

    /** Holds every replica back for {@code pause} (after a 429). */
    public Uni<Void> pause(Duration pause) {
        return pool.preparedQuery(PAUSE).execute(Tuple.of(BUDGET, OutboxStore.seconds(pause))).replaceWithVoid();
    }
}

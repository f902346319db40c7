package io.engagebridge.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Whether the destination (Engage) as a whole answers: the one source of truth for "Engage is down" of a service,
 * in its database ({@code outbox_destination}), so every replica agrees.
 * <p>
 * {@code outbox.outage.threshold} consecutive "no answer" / 5xx failures across messages start an outage. During
 * it the relays send only probes, one message at a time on the escalating {@code outbox.outage.probe-schedule},
 * and nothing else is claimed, so waiting messages are charged no attempt. The first answer of any kind, from a
 * probe or any other send, ends it: the messages held back become due at once and drain at the full rate budget.
 * Live calls keep their own breakers (per replica, for the people waiting); they do not decide this.
 */
@ApplicationScoped
public class DestinationHealth {

    static final String ENGAGE = "engage";

    private static final Logger LOG = Logger.getLogger(DestinationHealth.class);

    private static final String READ = """
            select down_since, consecutive_failures, probes, last_error,
                   coalesce(next_probe_at <= now(), false) as probe_due,
                   extract(epoch from now() - down_since) as down_seconds
              from outbox_destination where name = $1""";

    private static final String FAILED = """
            update outbox_destination
               set consecutive_failures = consecutive_failures + 1,
                   down_since = case when down_since is null and consecutive_failures + 1 >= $2 then now()
                                     else down_since end,
                   next_probe_at = case when down_since is null and consecutive_failures + 1 >= $2
                                        then now() + make_interval(secs => $3) else next_probe_at end,
                   last_error = $4, updated_at = now()
             where name = $1
            returning down_since is not null as down, consecutive_failures = $2 as entered""";

    private static final String TAKE_PROBE = """
            update outbox_destination
               set probes = probes + 1, next_probe_at = now() + make_interval(secs => $2), updated_at = now()
             where name = $1 and down_since is not null and next_probe_at <= now()
            returning probes""";

    /**
     * One statement, so the common case (Engage was fine) costs a send one round trip and no transaction: resets the
     * failure count, and when an outage ends makes the messages it held back due now.
     */
    private static final String ANSWERED = """
            with before as (select down_since, probes from outbox_destination
                             where name = $1 and (consecutive_failures > 0 or down_since is not null) for update),
            reset as (update outbox_destination d
                         set consecutive_failures = 0, down_since = null, probes = 0, next_probe_at = null,
                             updated_at = now()
                        from before where d.name = $1),
            released as (update outbox_message set next_attempt_at = now(), waiting_for_destination = false
                          where status = 'PENDING' and waiting_for_destination
                            and exists (select 1 from before where down_since is not null)
                          returning 1)
            select before.down_since, before.probes, extract(epoch from now() - before.down_since) as down_seconds,
                   (select count(*) from released) as released
              from before""";

    private final Pool pool;
    private final OutboxConfig config;
    private final MeterRegistry metrics;
    private volatile boolean down;
    private volatile double downSince;

    public DestinationHealth(Pool pool, OutboxConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.config = config;
        this.metrics = metrics;
        metrics.gauge("outbox.engage.reachable", this, h -> h.down ? 0 : 1);
        metrics.gauge("outbox.outage.seconds", this, h -> h.down ? Math.max(0, now() - h.downSince) : 0);
    }

    /** What the relay needs before a drain: is the destination down, and is a probe due. */
    public record State(boolean down, boolean probeDue, int consecutiveFailures, int probes, String lastError,
            double downSeconds) {
    }

    /** Reads the shared state, and refreshes this replica's view of it. */
    public Uni<State> read() {
        return pool.preparedQuery(READ).execute(Tuple.of(ENGAGE)).map(rows -> {
            Row r = rows.iterator().next();
            State state = new State(r.getOffsetDateTime("down_since") != null, r.getBoolean("probe_due"),
                    r.getInteger("consecutive_failures"), r.getInteger("probes"), r.getString("last_error"),
                    Optional.ofNullable(r.getNumeric("down_seconds")).map(Number::doubleValue).orElse(0.0));
            remember(state.down(), state.downSeconds());
            return state;
        });
    }

    /** Whether this replica last saw the destination down (sends already claimed then wait instead of failing). */
    public boolean isDown() {
        return down;
    }

    /** Takes the next probe if it is due, for this replica alone; schedules the one after it. */
    public Uni<Boolean> takeProbe(int probesSoFar) {
        Duration next = probeDelay(probesSoFar + 1);
        return pool.preparedQuery(TAKE_PROBE).execute(Tuple.of(ENGAGE, OutboxStore.seconds(next)))
                .map(rows -> rows.size() == 1)
                .invoke(took -> {
                    if (took) {
                        metrics.counter("outbox.probes").increment();
                    }
                });
    }

    /** A send got no answer (or a 5xx): counts towards an outage; answers whether the destination is now down. */
    public Uni<Boolean> noAnswer(String error) {
        return pool.preparedQuery(FAILED)
                .execute(Tuple.of(ENGAGE, config.outage().threshold(), OutboxStore.seconds(probeDelay(0)),
                        OutboxStore.truncate(error)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    if (r.getBoolean("entered")) {
                        LOG.warnf("Engage does not answer (%d failures in a row, last: %s): the outbox sends only "
                                + "probes until it does; waiting messages are not charged attempts",
                                config.outage().threshold(), error);
                        remember(true, 0);
                    }
                    boolean isDown = r.getBoolean("down");
                    down = isDown;
                    return isDown;
                });
    }

    /** A send got an answer (of any kind): ends an outage and makes the messages it held back due now. */
    public Uni<Void> answered() {
        return pool.preparedQuery(ANSWERED).execute(Tuple.of(ENGAGE))
                .invoke(rows -> {
                    remember(false, 0);
                    if (rows.size() == 1 && rows.iterator().next().getOffsetDateTime("down_since") != null) {
                        Row r = rows.iterator().next();
                        LOG.infof("Engage answers again after %.0f s down (%d probe(s)): %d held message(s) are due now",
                                r.getNumeric("down_seconds").doubleValue(), r.getInteger("probes"), r.getLong("released"));
                    }
                })
                .replaceWithVoid();
    }

    /** Probe {@code n}'s delay after the previous one: the schedule's steps, the last repeating. */
    Duration probeDelay(int n) {
        List<Duration> steps = config.outage().probeSchedule();
        return steps.get(Math.min(n, steps.size() - 1));
    }

    private void remember(boolean isDown, double secondsDown) {
        down = isDown;
        downSince = now() - secondsDown;
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }
}

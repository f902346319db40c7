package io.engagebridge.outbox;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The operators' queries: figures, the DEAD list, re-drive. Who may ask them, and over which port, is not this
 * module's: infra/outbox-ops serves them on the management interface to the callers each service names.
 */
@ApplicationScoped
public class OutboxOps {

    private final Pool pool;
    private final DestinationHealth health;

    public OutboxOps(Pool pool, DestinationHealth health) {
        this.pool = pool;
        this.health = health;
    }

    /** The figures ({@link #stats()}) and whether Engage answers (the relays' shared view). */
    public Uni<Overview> overview() {
        return stats().chain(stats -> health.read().map(state -> new Overview(stats.pending(), stats.inFlight(),
                stats.dead(), stats.done(), stats.oldestPendingSeconds(),
                new Engage(!state.down(), state.down() ? state.downSeconds() : 0, state.consecutiveFailures(),
                        state.probes(), state.lastError()))));
    }

    /** Counts by status, in-flight (leased) messages and the age of the oldest pending one. */
    public Uni<Stats> stats() {
        return pool.query("""
                select count(*) filter (where status = 'PENDING') as pending,
                       count(*) filter (where status = 'PENDING' and lease_until > now()) as in_flight,
                       count(*) filter (where status = 'DEAD') as dead,
                       count(*) filter (where status = 'DONE') as done,
                       coalesce(extract(epoch from now() - min(created_at) filter (where status = 'PENDING')), 0)
                           as oldest_pending_seconds
                  from outbox_message""").execute()
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Stats(r.getLong("pending"), r.getLong("in_flight"), r.getLong("dead"),
                            r.getLong("done"), r.getNumeric("oldest_pending_seconds").doubleValue());
                });
    }

    /** The DEAD messages, newest first. */
    public Uni<List<DeadMessage>> dead(int limit) {
        return pool.preparedQuery("""
                select id, kind, message_key, payload::text as payload, attempts, last_error, created_at, updated_at
                  from outbox_message where status = 'DEAD' order by id desc limit $1""")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<DeadMessage> dead = new ArrayList<>();
                    rows.forEach(r -> dead.add(new DeadMessage(r.getLong("id"), r.getString("kind"),
                            r.getString("message_key"), r.getString("payload"), r.getInteger("attempts"),
                            r.getString("last_error"), r.getOffsetDateTime("created_at"),
                            r.getOffsetDateTime("updated_at"))));
                    return dead;
                });
    }

    /**
     * Puts a DEAD message back in the queue with fresh attempts, unless a later message of the same key was written
     * since: that one carries newer data (a later change of the same contact), which the old one would overwrite.
     */
    public Uni<Redrive> redrive(long id) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                select m.status, (select min(n.id) from outbox_message n
                                   where n.message_key = m.message_key and n.id > m.id) as newer
                  from outbox_message m where m.id = $1 for update""")
                .execute(Tuple.of(id))
                .chain(rows -> {
                    Row row = rows.size() == 0 ? null : rows.iterator().next();
                    if (row == null || !"DEAD".equals(row.getString("status"))) {
                        return Uni.createFrom().item(new Redrive(Redrive.Outcome.NOT_FOUND, null));
                    }
                    if (row.getLong("newer") != null) {
                        return Uni.createFrom().item(new Redrive(Redrive.Outcome.SUPERSEDED, row.getLong("newer")));
                    }
                    return tx.preparedQuery("""
                            update outbox_message set status = 'PENDING', attempts = 0, next_attempt_at = now(),
                                   lease_owner = null, lease_until = null, updated_at = now()
                             where id = $1""").execute(Tuple.of(id))
                            .replaceWith(new Redrive(Redrive.Outcome.REQUEUED, null));
                }));
    }

    /** What a re-drive did; {@code newerId}: the later message of the same key that refused it. */
    public record Redrive(Outcome outcome, Long newerId) {

        public enum Outcome {
            REQUEUED, NOT_FOUND, SUPERSEDED
        }
    }

    /** What an operator (or the gateway's ops view) is shown of this service's outbox. */
    public record Overview(long pending, long inFlight, long dead, long done, double oldestPendingSeconds,
            Engage engage) {
    }

    /** Engage as the relays see it: reachable, or down for how long, with how many probes sent. */
    public record Engage(boolean reachable, double downSeconds, int consecutiveFailures, int probes,
            String lastError) {
    }

    /** Figures for operators. */
    public record Stats(long pending, long inFlight, long dead, long done, double oldestPendingSeconds) {
    }

    /** A DEAD message, with why it died. */
    public record DeadMessage(long id, String kind, String key, String payload, int attempts, String lastError,
            OffsetDateTime createdAt, OffsetDateTime diedAt) {
    }
}

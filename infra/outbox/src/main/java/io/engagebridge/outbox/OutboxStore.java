package io.engagebridge.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The relays' queries on the outbox table (services go through {@link Outbox}, operators through {@link OutboxOps}). Claims use {@code FOR UPDATE SKIP LOCKED} and a lease, so any number of relays
 * can drain one table; outcome updates only apply while the caller still holds the lease.
 */
@ApplicationScoped
class OutboxStore {

    private static final Logger LOG = Logger.getLogger(OutboxStore.class);
    /** PostgreSQL's query_canceled: here, the claim ran past {@code outbox.claim-timeout}. */
    private static final String CANCELED = "57014";

    /** Due pending messages that are the oldest pending one of their key, not leased by a live relay. */
    static final String CLAIM = """
            with due as (
                select m.id from outbox_message m
                 where m.status = 'PENDING'
                   and (m.next_attempt_at <= now() or ($5::boolean and m.waiting_for_destination))
                   and (m.lease_until is null or m.lease_until < now())
                   and not exists (select 1 from outbox_message e
                                    where e.message_key = m.message_key and e.status = 'PENDING' and e.id < m.id)
                   and ($4::text is null or m.kind = $4)
                 order by m.next_attempt_at, m.id
                 limit $1
                 for update of m skip locked)
            update outbox_message m
               set lease_owner = $2, lease_until = now() + make_interval(secs => $3),
                   attempts = m.attempts + 1, updated_at = now()
              from due
             where m.id = due.id
            returning m.id, m.kind, m.message_key, m.payload::text as payload, m.attempts, m.created_at""";

    private static final String DONE = """
            update outbox_message set status = 'DONE', lease_owner = null, lease_until = null, last_error = null,
                   updated_at = now()
             where id = $1 and lease_owner = $2 and status = 'PENDING'""";

    private static final String RESCHEDULE = """
            update outbox_message set next_attempt_at = now() + make_interval(secs => $3), last_error = $4,
                   attempts = attempts - $5, waiting_for_destination = $6, lease_owner = null, lease_until = null,
                   updated_at = now()
             where id = $1 and lease_owner = $2 and status = 'PENDING'""";

    private static final String DEAD = """
            update outbox_message set status = 'DEAD', last_error = $3, lease_owner = null, lease_until = null,
                   updated_at = now()
             where id = $1 and lease_owner = $2 and status = 'PENDING'""";

    private final Pool pool;
    private final Duration claimTimeout;
    private final String boundClaim;

    OutboxStore(Pool pool, OutboxConfig config) {
        this.pool = pool;
        this.claimTimeout = config.claimTimeout();
        this.boundClaim = "set local statement_timeout = " + Math.max(1, claimTimeout.toMillis());
    }

    /** Claims up to {@code limit} messages for {@code owner}, in id order. */
    Uni<List<ClaimedMessage>> claim(String owner, int limit, Duration lease) {
        return claim(owner, limit, lease, null);
    }

    /** Claims up to {@code limit} messages of one kind (any kind when null), in id order. */
    Uni<List<ClaimedMessage>> claim(String owner, int limit, Duration lease, String kind) {
        return claim(Tuple.of(limit, owner, seconds(lease), kind, false));
    }

    /**
     * Claims one message to probe the destination with during an outage: the first due one, or else one held back
     * by the outage, whatever its own next attempt (the destination being down says nothing about it).
     */
    Uni<List<ClaimedMessage>> claimProbe(String owner, Duration lease) {
        return claim(Tuple.of(1, owner, seconds(lease), null, true));
    }

    /**
     * The claim, bounded by {@code outbox.claim-timeout}. Its plan rests on the table's statistics: when they still
     * say that almost nothing is PENDING (a backlog built up since the last ANALYZE: an outage, a fresh table), the
     * planner checks each candidate's key against every pending message, and a claim over a large backlog runs for
     * minutes. A claim cut short refreshes the statistics and is tried once more.
     */
    private Uni<List<ClaimedMessage>> claim(Tuple args) {
        return claimOnce(args)
                .onFailure(OutboxStore::canceled).recoverWithUni(slow -> {
                    LOG.warnf("A claim on the outbox ran past %s (outbox.claim-timeout): refreshing the table's"
                            + " statistics (ANALYZE outbox_message) and claiming again", claimTimeout);
                    return pool.query("analyze outbox_message").execute().chain(() -> claimOnce(args));
                });
    }

    private Uni<List<ClaimedMessage>> claimOnce(Tuple args) {
        return pool.withTransaction(tx -> tx.query(boundClaim).execute()
                .chain(() -> tx.preparedQuery(CLAIM).execute(args)))
                .map(OutboxStore::messages);
    }

    private static boolean canceled(Throwable failure) {
        return failure instanceof io.vertx.pgclient.PgException pg && CANCELED.equals(pg.getSqlState());
    }

    /** Hands back every pending message {@code owner} holds, its claimed attempt given back; answers how many. */
    Uni<Integer> releaseClaims(String owner) {
        return pool.preparedQuery("""
                update outbox_message set lease_owner = null, lease_until = null, attempts = greatest(attempts - 1, 0),
                       updated_at = now()
                 where lease_owner = $1 and status = 'PENDING'""")
                .execute(Tuple.of(owner)).map(rows -> rows.rowCount());
    }

    /** Marks a sent message DONE; false when the lease was lost meanwhile. */
    Uni<Boolean> markDone(long id, String owner) {
        return update(DONE, Tuple.of(id, owner));
    }

    /** Puts a message back to wait {@code delay}; {@code countAttempt=false} gives the claimed attempt back. */
    Uni<Boolean> reschedule(long id, String owner, Duration delay, String error, boolean countAttempt) {
        return reschedule(id, owner, delay, error, countAttempt, false);
    }

    /**
     * The same, saying whether the message waits only for the destination to answer again ({@code waiting}): then
     * it becomes due at once when an outage ends, whatever its own wait.
     */
    Uni<Boolean> reschedule(long id, String owner, Duration delay, String error, boolean countAttempt,
            boolean waiting) {
        return update(RESCHEDULE, Tuple.of(id, owner, seconds(delay), truncate(error), countAttempt ? 0 : 1)
                .addBoolean(waiting));
    }

    /** Gives a message up: it stays as DEAD with the reason, to be listed and re-driven. */
    Uni<Boolean> markDead(long id, String owner, String reason) {
        return update(DEAD, Tuple.of(id, owner, truncate(reason)));
    }

    /** Deletes DONE messages last touched before the retention; answers how many. */
    Uni<Integer> deleteDoneOlderThan(Duration retention) {
        return pool.preparedQuery("""
                delete from outbox_message where status = 'DONE' and updated_at < now() - make_interval(secs => $1)""")
                .execute(Tuple.of(seconds(retention))).map(RowSet::rowCount);
    }

    private Uni<Boolean> update(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).map(rows -> rows.rowCount() == 1);
    }

    private static List<ClaimedMessage> messages(RowSet<Row> rows) {
        List<ClaimedMessage> claimed = new ArrayList<>();
        rows.forEach(r -> claimed.add(new ClaimedMessage(r.getLong("id"), r.getString("kind"),
                r.getString("message_key"), r.getString("payload"), r.getInteger("attempts"),
                r.getOffsetDateTime("created_at"))));
        claimed.sort(Comparator.comparingLong(ClaimedMessage::id));
        return claimed;
    }

    /** A duration in seconds, to the nanosecond (the rate budget's intervals are fractions of a millisecond). */
    static double seconds(Duration duration) {
        return duration.toNanos() / 1_000_000_000.0;
    }

    static String truncate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
    }
}

package io.engagebridge.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Every query on the outbox table. Claims use {@code FOR UPDATE SKIP LOCKED} and a lease, so any number of relays
 * can drain one table; outcome updates only apply while the caller still holds the lease.
 */
@ApplicationScoped
public class OutboxStore {

    static final String INSERT = """
            insert into outbox_message (kind, message_key, payload, next_attempt_at)
            values ($1, $2, cast(cast($3 as text) as jsonb), now() + make_interval(secs => $4)) returning id""";

    /** Due pending messages that are the oldest pending one of their key, not leased by a live relay. */
    private static final String CLAIM = """
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

    public OutboxStore(Pool pool) {
        this.pool = pool;
    }

    /** Inserts a message through the given client, so it commits with whatever else that client's transaction writes. */
    public Uni<Long> insert(SqlClient client, String kind, String key, String payloadJson) {
        return insert(client, kind, key, payloadJson, Duration.ZERO);
    }

    /** Inserts a message that is not due before {@code notBefore} has passed. */
    public Uni<Long> insert(SqlClient client, String kind, String key, String payloadJson, Duration notBefore) {
        return client.preparedQuery(INSERT).execute(Tuple.of(kind, key, payloadJson, seconds(notBefore)))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /**
     * Marks a pending message DONE without sending it, because its work was done another way (a live call that
     * succeeded). False when a relay holds it right now or it is no longer pending.
     */
    public Uni<Boolean> complete(SqlClient client, long id) {
        return client.preparedQuery("""
                update outbox_message set status = 'DONE', updated_at = now()
                 where id = $1 and status = 'PENDING' and (lease_until is null or lease_until < now())""")
                .execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
    }

    /** Deletes a pending message whose work was undone, unless a relay holds it right now. */
    public Uni<Boolean> cancel(SqlClient client, long id) {
        return client.preparedQuery("""
                delete from outbox_message
                 where id = $1 and status = 'PENDING' and (lease_until is null or lease_until < now())""")
                .execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
    }

    /** Makes a pending message due now (the live attempt failed: let the relay take over at once). */
    public Uni<Void> dueNow(long id) {
        return pool.preparedQuery("update outbox_message set next_attempt_at = now() where id = $1 and status = 'PENDING'")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Claims up to {@code limit} messages for {@code owner}, in id order. */
    public Uni<List<OutboxMessage>> claim(String owner, int limit, Duration lease) {
        return claim(owner, limit, lease, null);
    }

    /** Claims up to {@code limit} messages of one kind (any kind when null), in id order. */
    public Uni<List<OutboxMessage>> claim(String owner, int limit, Duration lease, String kind) {
        return pool.withTransaction(tx -> tx.preparedQuery(CLAIM)
                .execute(Tuple.of(limit, owner, seconds(lease), kind, false)))
                .map(OutboxStore::messages);
    }

    /**
     * Claims one message to probe the destination with during an outage: the first due one, or else one held back
     * by the outage, whatever its own next attempt (the destination being down says nothing about it).
     */
    public Uni<List<OutboxMessage>> claimProbe(String owner, Duration lease) {
        return pool.withTransaction(tx -> tx.preparedQuery(CLAIM)
                .execute(Tuple.of(1, owner, seconds(lease), null, true)))
                .map(OutboxStore::messages);
    }

    /** Hands back every pending message {@code owner} holds, its claimed attempt given back; answers how many. */
    public Uni<Integer> releaseClaims(String owner) {
        return pool.preparedQuery("""
                update outbox_message set lease_owner = null, lease_until = null, attempts = greatest(attempts - 1, 0),
                       updated_at = now()
                 where lease_owner = $1 and status = 'PENDING'""")
                .execute(Tuple.of(owner)).map(rows -> rows.rowCount());
    }

    /** Whether a message with this key is still waiting: a later change must then queue behind it. */
    public Uni<Boolean> hasPending(String key) {
        return pool.preparedQuery("select exists (select 1 from outbox_message where message_key = $1 and status = 'PENDING')")
                .execute(Tuple.of(key)).map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Marks a sent message DONE; false when the lease was lost meanwhile. */
    public Uni<Boolean> markDone(long id, String owner) {
        return update(DONE, Tuple.of(id, owner));
    }

    /** Puts a message back to wait {@code delay}; {@code countAttempt=false} gives the claimed attempt back. */
    public Uni<Boolean> reschedule(long id, String owner, Duration delay, String error, boolean countAttempt) {
        return reschedule(id, owner, delay, error, countAttempt, false);
    }

    /**
     * The same, saying whether the message waits only for the destination to answer again ({@code waiting}): then
     * it becomes due at once when an outage ends, whatever its own wait.
     */
    public Uni<Boolean> reschedule(long id, String owner, Duration delay, String error, boolean countAttempt,
            boolean waiting) {
        return update(RESCHEDULE, Tuple.of(id, owner, seconds(delay), truncate(error), countAttempt ? 0 : 1)
                .addBoolean(waiting));
    }

    /** Gives a message up: it stays as DEAD with the reason, to be listed and re-driven. */
    public Uni<Boolean> markDead(long id, String owner, String reason) {
        return update(DEAD, Tuple.of(id, owner, truncate(reason)));
    }

    /** Counts by status, in-flight (leased) messages and the age of the oldest pending one. */
    public Uni<OutboxStats> stats() {
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
                    return new OutboxStats(r.getLong("pending"), r.getLong("in_flight"), r.getLong("dead"),
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

    /** Puts a DEAD message back in the queue with fresh attempts; false when there is no such DEAD message. */
    public Uni<Boolean> redrive(long id) {
        return pool.preparedQuery("""
                update outbox_message set status = 'PENDING', attempts = 0, next_attempt_at = now(),
                       lease_owner = null, lease_until = null, updated_at = now()
                 where id = $1 and status = 'DEAD'""")
                .execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
    }

    /** One message's state, whatever it is. */
    public Uni<Optional<MessageState>> state(long id) {
        return pool.preparedQuery("""
                select status, attempts, last_error, next_attempt_at from outbox_message where id = $1""")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.<MessageState>empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new MessageState(r.getString("status"), r.getInteger("attempts"),
                            r.getString("last_error"), r.getOffsetDateTime("next_attempt_at")));
                });
    }

    /** Deletes DONE messages last touched before the retention; answers how many. */
    public Uni<Integer> deleteDoneOlderThan(Duration retention) {
        return pool.preparedQuery("""
                delete from outbox_message where status = 'DONE' and updated_at < now() - make_interval(secs => $1)""")
                .execute(Tuple.of(seconds(retention))).map(RowSet::rowCount);
    }

    private Uni<Boolean> update(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).map(rows -> rows.rowCount() == 1);
    }

    private static List<OutboxMessage> messages(RowSet<Row> rows) {
        List<OutboxMessage> claimed = new ArrayList<>();
        rows.forEach(r -> claimed.add(new OutboxMessage(r.getLong("id"), r.getString("kind"),
                r.getString("message_key"), r.getString("payload"), r.getInteger("attempts"),
                r.getOffsetDateTime("created_at"))));
        claimed.sort(Comparator.comparingLong(OutboxMessage::id));
        return claimed;
    }

    /** A duration in seconds, to the nanosecond (the rate budget's intervals are fractions of a millisecond). */
    static double seconds(Duration duration) {
        return duration.toNanos() / 1_000_000_000.0;
    }

    static String truncate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
    }

    /** Figures for operators. */
    public record OutboxStats(long pending, long inFlight, long dead, long done, double oldestPendingSeconds) {
    }

    /** A DEAD message, with why it died. */
    public record DeadMessage(long id, String kind, String key, String payload, int attempts, String lastError,
            java.time.OffsetDateTime createdAt, java.time.OffsetDateTime diedAt) {
    }

    /** Where one message stands. */
    public record MessageState(String status, int attempts, String lastError, java.time.OffsetDateTime nextAttemptAt) {
    }
}

package io.engagebridge.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What a service does with its outbox. Enqueue joins the caller's transaction (the {@link SqlClient} of
 * {@code Pool.withTransaction}), so a business row and its message commit together or not at all; a relay sends it
 * after the commit. Messages with the same key are sent in the order they were enqueued.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = """
            insert into outbox_message (kind, message_key, payload, next_attempt_at)
            values ($1, $2, cast(cast($3 as text) as jsonb), now() + make_interval(secs => $4)) returning id""";

    private final Pool pool;
    private final ObjectMapper json;

    public Outbox(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** Enqueues a message, due at once, as part of {@code transaction}; answers its id. */
    public <P> Uni<Long> enqueue(SqlClient transaction, MessageKind<P> kind, String key, P payload) {
        return enqueue(transaction, kind, key, payload, Duration.ZERO);
    }

    /**
     * Enqueues a message the relays leave alone for {@code notBefore}: for work that is first tried live, the message
     * is the safety net, then {@link #complete completed}, {@link #cancel cancelled} or made {@link #dueNow due now}
     * once the live outcome is known.
     */
    public <P> Uni<Long> enqueue(SqlClient transaction, MessageKind<P> kind, String key, P payload, Duration notBefore) {
        return transaction.preparedQuery(INSERT)
                .execute(Tuple.of(kind.name(), key, toJson(payload), OutboxStore.seconds(notBefore)))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /**
     * For a write path that must stay one statement (one round trip, atomic on its own): a CTE named
     * {@code message} that enqueues when {@code condition} holds, followed by the caller's {@code statement}, which
     * reads the new id as {@code message.id}. Parameters $1 to $3 are the message's (see {@link #statementArgs});
     * the caller's start at $4.
     */
    public static String enqueueing(String condition, String statement) {
        return """
                with message as (
                    insert into outbox_message (kind, message_key, payload)
                    select $1, $2, cast(cast($3 as text) as jsonb) where %s
                    returning id)
                %s""".formatted(condition, statement);
    }

    /**
     * The many-row form of {@link #enqueueing}, for a write path that stores rows arriving together in one statement
     * (one round trip, one commit): {@code due} is the caller's query over the rows to write, one message each, and
     * yields each message's key and payload as the columns {@code message_key} and {@code message_payload}, taken
     * from the arrays $2 and $3 (see {@link #statementArgsEach}) as
     * {@code unnest(cast($2 as text[]), cast($3 as text[]), <the caller's arrays>)}; it may leave rows out. The CTE
     * {@code message} enqueues one message per row of {@code due}, of the kind $1, and answers {@code id} and
     * {@code message_key}: the caller's {@code statement} joins {@code due} to it on {@code message_key}, which must
     * therefore be distinct within one statement. The caller's parameters start at $4.
     */
    public static String enqueueingEach(String due, String statement) {
        return """
                with due as (%s),
                message as (
                    insert into outbox_message (kind, message_key, payload)
                    select $1, due.message_key, cast(due.message_payload as jsonb) from due
                    returning id, message_key)
                %s""".formatted(due, statement);
    }

    /** The parameters of an {@link #enqueueingEach} statement: the kind, the keys, the payloads, then the caller's. */
    public <P> Tuple statementArgsEach(MessageKind<P> kind, List<String> keys, List<P> payloads, Object... callerArgs) {
        if (keys.size() != payloads.size()) {
            throw new IllegalArgumentException(keys.size() + " keys for " + payloads.size() + " payloads");
        }
        List<Object> args = new ArrayList<>(3 + callerArgs.length);
        args.add(kind.name());
        args.add(keys.toArray(String[]::new));
        args.add(payloads.stream().map(this::toJson).toArray(String[]::new));
        args.addAll(java.util.Arrays.asList(callerArgs));
        return Tuple.from(args);
    }

    /** The parameters of an {@link #enqueueing} statement: the message's, then the caller's. */
    public <P> Tuple statementArgs(MessageKind<P> kind, String key, P payload, Object... callerArgs) {
        List<Object> args = new ArrayList<>(3 + callerArgs.length);
        args.add(kind.name());
        args.add(key);
        args.add(toJson(payload));
        args.addAll(java.util.Arrays.asList(callerArgs));
        return Tuple.from(args);
    }

    /**
     * Marks a pending message DONE without sending it, because its work was done another way (a live call that
     * succeeded). False when a relay holds it right now or it is no longer pending.
     */
    public Uni<Boolean> complete(SqlClient transaction, long id) {
        return transaction.preparedQuery("""
                update outbox_message set status = 'DONE', updated_at = now()
                 where id = $1 and status = 'PENDING' and (lease_until is null or lease_until < now())""")
                .execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
    }

    /** Deletes a pending message whose work was undone, unless a relay holds it right now. */
    public Uni<Boolean> cancel(SqlClient transaction, long id) {
        return transaction.preparedQuery("""
                delete from outbox_message
                 where id = $1 and status = 'PENDING' and (lease_until is null or lease_until < now())""")
                .execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
    }

    /** Makes a pending message due now (the live attempt failed: let the relays take over at once). */
    public Uni<Void> dueNow(long id) {
        return pool.preparedQuery("update outbox_message set next_attempt_at = now() where id = $1 and status = 'PENDING'")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Whether a message with this key is still waiting: a later change must then queue behind it. */
    public Uni<Boolean> hasPending(String key) {
        return pool.preparedQuery("select exists (select 1 from outbox_message where message_key = $1 and status = 'PENDING')")
                .execute(Tuple.of(key)).map(rows -> rows.iterator().next().getBoolean(0));
    }

    private String toJson(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Outbox payload is not serialisable: " + payload.getClass(), e);
        }
    }
}

package io.engagebridge.transactions.repository;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.outbox.Outbox;
import io.engagebridge.outbox.MessageKind;
import io.engagebridge.transactions.config.AcceptConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/** Queries on the receipt table (plain reactive SQL: the accept path is the hot one). */
@ApplicationScoped
public class ReceiptRepository {

    private static final Logger LOG = Logger.getLogger(ReceiptRepository.class);
    /** PostgreSQL's SQLSTATE for a statement cancelled on request. */
    private static final String QUERY_CANCELED = "57014";

    private static final String SELECT = """
            select r.unique_receipt_id, r.contact_id, r.key_type, r.key_value, r.request::text as request,
                   r.created_date, r.status, r.accepted_at, r.sent_at,
                   m.status as message_status, coalesce(m.attempts, 0) as attempts, m.last_error, m.next_attempt_at
              from receipt r left join outbox_message m on m.id = r.outbox_id""";

    /** The receipt and its message, unless the receipt is stored already. */
    private static final String INSERT_WITH_MESSAGE = Outbox.enqueueing(
            "not exists (select 1 from receipt where unique_receipt_id = $4)", """
            insert into receipt (unique_receipt_id, contact_id, key_type, key_value, request, created_date, outbox_id)
            select $4, $5, $6, $7, cast(cast($8 as text) as jsonb), $9, message.id from message
            on conflict (unique_receipt_id) do nothing""");

    /**
     * The receipts of {@link #INSERT_WITH_MESSAGE} that are not stored yet, with their messages, in one statement:
     * the arrays $4.. are the receipts' columns, one element per receipt (unique uniqueReceiptIds); answers the
     * uniqueReceiptIds it stored.
     */
    private static final String INSERT_ALL_WITH_MESSAGES = Outbox.enqueueingEach("""
            select * from unnest(cast($2 as text[]), cast($3 as text[]), cast($4 as text[]), cast($5 as text[]),
                                 cast($6 as text[]), cast($7 as text[]), cast($8 as text[]), cast($9 as timestamptz[]))
                   as posted(message_key, message_payload, unique_receipt_id, contact_id, key_type, key_value,
                             request, created_date)
             where not exists (select 1 from receipt where receipt.unique_receipt_id = posted.unique_receipt_id)""", """
            insert into receipt (unique_receipt_id, contact_id, key_type, key_value, request, created_date, outbox_id)
            select due.unique_receipt_id, due.contact_id, due.key_type, due.key_value, cast(due.request as jsonb),
                   due.created_date, message.id
              from due join message on message.message_key = due.message_key
            on conflict (unique_receipt_id) do nothing
            returning unique_receipt_id""");

    /** A receipt to store with its message. */
    private record NewReceipt(String uniqueReceiptId, String contactId, String keyType, String keyValue,
            String requestJson, OffsetDateTime createdDate, MessageKind<?> kind, String messageKey, Object payload) {
    }

    private final Pool pool;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final GroupCommit<NewReceipt, Boolean> inserts;

    public ReceiptRepository(Pool pool, Outbox outbox, ObjectMapper json, AcceptConfig config) {
        this.pool = pool;
        this.outbox = outbox;
        this.json = json;
        this.inserts = new GroupCommit<>(config.maxBatch(), config.inFlight(), config.maxWaiting(),
                config.writeTimeout(), this::insertAll, this::insert);
    }

    /**
     * Stores a new receipt and its outbox message atomically; answers false, writing nothing, when the
     * uniqueReceiptId is already stored. Receipts arriving together are stored together, by one statement (one round
     * trip, one commit; see {@link GroupCommit}); each is answered once it is committed, or fails with
     * {@link StoreBusy} when the database does not take it in time. Two identical receipts
     * racing each other can leave one extra message, which finds its receipt SENT, or which Engage ignores as a
     * repeated id.
     */
    public <P> Uni<Boolean> insertWithMessage(String uniqueReceiptId, String contactId, String keyType,
            String keyValue, String requestJson, OffsetDateTime createdDate, MessageKind<P> kind, String messageKey,
            P payload) {
        return inserts.write(new NewReceipt(uniqueReceiptId, contactId, keyType, keyValue, requestJson, createdDate,
                kind, messageKey, payload));
    }

    /** One receipt, one statement. */
    @SuppressWarnings("unchecked")
    private Uni<Boolean> insert(NewReceipt r) {
        return cancelledWhenAbandoned(connection -> connection.preparedQuery(INSERT_WITH_MESSAGE)
                .execute(outbox.statementArgs((MessageKind<Object>) r.kind(), r.messageKey(), r.payload(),
                        r.uniqueReceiptId(), r.contactId(), r.keyType(), r.keyValue(), r.requestJson(), r.createdDate())))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Receipts arriving together, one statement; answers for each whether it was stored. The same uniqueReceiptId
     * twice among them is stored once, by the first: the others are answered as repeats (false), as they would be
     * one after the other.
     */
    @SuppressWarnings("unchecked")
    private Uni<List<Boolean>> insertAll(List<NewReceipt> posted) {
        Map<String, NewReceipt> firsts = new LinkedHashMap<>();
        for (NewReceipt r : posted) {
            if (r.kind() != posted.get(0).kind()) {
                throw new IllegalArgumentException("Receipts with messages of different kinds"); // written one by one
            }
            firsts.putIfAbsent(r.uniqueReceiptId(), r);
        }
        List<NewReceipt> rows = List.copyOf(firsts.values());
        Tuple args = outbox.statementArgsEach((MessageKind<Object>) rows.get(0).kind(),
                rows.stream().map(NewReceipt::messageKey).toList(), rows.stream().map(NewReceipt::payload).toList(),
                column(rows, NewReceipt::uniqueReceiptId), column(rows, NewReceipt::contactId),
                column(rows, NewReceipt::keyType), column(rows, NewReceipt::keyValue),
                column(rows, NewReceipt::requestJson),
                rows.stream().map(NewReceipt::createdDate).toArray(OffsetDateTime[]::new));
        return cancelledWhenAbandoned(connection -> connection.preparedQuery(INSERT_ALL_WITH_MESSAGES).execute(args))
                .map(stored -> {
                    Set<String> ids = new HashSet<>();
                    stored.forEach(row -> ids.add(row.getString(0)));
                    List<Boolean> answers = new ArrayList<>(posted.size());
                    for (NewReceipt r : posted) {
                        answers.add(firsts.get(r.uniqueReceiptId()) == r && ids.contains(r.uniqueReceiptId()));
                    }
                    return answers;
                });
    }

    /**
     * A statement whose caller may stop waiting for it ({@link GroupCommit}'s write timeout: its receipts are answered
     * 503, send again): PostgreSQL is then asked to cancel it, so that a receipt its caller was told to send again is
     * not stored after all (the statement rolls back), and the connection and the locks it holds are freed at once
     * rather than when a hung statement would have ended. PostgreSQL cancels whatever a connection runs when the
     * request reaches it, which must never be the next statement on it: so the connection goes back to the pool only
     * once the statement has ended and the request is sent, and only if the statement was the one cancelled; one that
     * ended otherwise (it committed just before) is ended in PostgreSQL instead, and the pool opens a new one.
     */
    private <X> Uni<X> cancelledWhenAbandoned(Function<SqlConnection, Uni<X>> statement) {
        return Uni.createFrom().emitter(caller -> {
            UnderWay underWay = new UnderWay();
            caller.onTermination(underWay::abandoned);
            // not cancelled with the caller: a connection that arrives late must still go back to the pool
            pool.getConnection().subscribe().with(connection -> {
                if (underWay.started(connection)) {
                    Uni.createFrom().deferred(() -> statement.apply(connection)).subscribe().with(
                            result -> underWay.ended(null, () -> caller.complete(result)),
                            failure -> underWay.ended(failure, () -> caller.fail(failure)));
                }
            }, caller::fail);
        });
    }

    /** A statement on a connection of its own: whether it runs, and the cancel request sent for it, if any. */
    private static final class UnderWay {

        private SqlConnection connection;
        private boolean abandoned;
        private boolean ended;
        private Uni<Void> cancelled;

        /** Its connection is here: false (and the connection given back) when its caller stopped waiting already. */
        boolean started(SqlConnection connection) {
            synchronized (this) {
                if (!abandoned) {
                    this.connection = connection;
                    return true;
                }
            }
            release(connection.close());
            return false;
        }

        /** The caller was answered or stopped waiting: a statement still running is cancelled in PostgreSQL. */
        void abandoned() {
            Uni<Void> cancel;
            synchronized (this) {
                if (ended || abandoned) {
                    return;
                }
                abandoned = true;
                if (connection == null) {
                    return;
                }
                cancel = cancelled = PgConnection.cast(connection).cancelRequest()
                        .onFailure().invoke(failure -> LOG.warnf("Could not ask PostgreSQL to cancel a receipt"
                                + " statement: %s", failure.getMessage()))
                        .onFailure().recoverWithNull()
                        .memoize().indefinitely();
            }
            LOG.warn("A receipt statement outlasted the write timeout: asking PostgreSQL to cancel it");
            cancel.subscribe().with(done -> {
            });
        }

        /**
         * The statement ended ({@code failure} null when it succeeded): the connection goes back, or is ended when a
         * cancel request sent for it may still arrive (see {@link #discarded}); then its caller is answered, who may
         * start the next statement.
         */
        void ended(Throwable failure, Runnable answer) {
            Uni<Void> cancel;
            synchronized (this) {
                ended = true;
                cancel = cancelled;
            }
            if (cancel == null) {
                release(connection.close());
            } else if (failure instanceof PgException refused && QUERY_CANCELED.equals(refused.getSqlState())) {
                release(cancel.chain(connection::close)); // the cancel was this statement's
            } else {
                release(cancel.chain(() -> discarded(connection)));
            }
            answer.run();
        }

        /**
         * A cancel request sent while the statement ran, which ended otherwise: the request is only sent, not yet
         * acted on, and would cancel the next statement on this connection. Its backend ends itself (or, if the
         * request cancels that, the request is spent), and the pool drops the connection once it is closed.
         */
        private static Uni<Void> discarded(SqlConnection connection) {
            LOG.info("A receipt statement ended just as it was cancelled: replacing its connection");
            return connection.query("select pg_terminate_backend(pg_backend_pid())").execute().replaceWithVoid()
                    .onFailure().recoverWithNull()
                    .chain(connection::close);
        }

        private static void release(Uni<Void> closing) {
            closing.subscribe().with(closed -> {
            }, failure -> LOG.debugf("Giving a connection back: %s", failure.getMessage()));
        }
    }

    private static String[] column(List<NewReceipt> rows, Function<NewReceipt, String> column) {
        return rows.stream().map(column).toArray(String[]::new);
    }

    public Uni<Optional<ReceiptRow>> find(String uniqueReceiptId) {
        return pool.preparedQuery(SELECT + " where r.unique_receipt_id = $1").execute(Tuple.of(uniqueReceiptId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(row(rows.iterator().next())));
    }

    /** A contact's receipts that Engage may not show yet: queued, or sent within the import window; newest first. */
    public Uni<List<ReceiptRow>> notYetImported(String contactId, Duration importWindow) {
        return pool.preparedQuery(SELECT + "\n" + """
                 where r.contact_id = $1
                   and (r.status = 'QUEUED' or r.sent_at > now() - make_interval(secs => $2))
                 order by r.created_date desc limit 100""")
                .execute(Tuple.of(contactId, importWindow.toSeconds()))
                .map(this::rows);
    }

    public Uni<Void> setContactId(String uniqueReceiptId, String contactId) {
        return pool.preparedQuery("update receipt set contact_id = $2 where unique_receipt_id = $1")
                .execute(Tuple.of(uniqueReceiptId, contactId)).replaceWithVoid();
    }

    public Uni<Void> markSent(String uniqueReceiptId) {
        return pool.preparedQuery("""
                update receipt set status = 'SENT', sent_at = now() where unique_receipt_id = $1 and status = 'QUEUED'""")
                .execute(Tuple.of(uniqueReceiptId)).replaceWithVoid();
    }

    private List<ReceiptRow> rows(RowSet<Row> rows) {
        List<ReceiptRow> list = new ArrayList<>();
        rows.forEach(r -> list.add(row(r)));
        return list;
    }

    private ReceiptRow row(Row r) {
        return new ReceiptRow(r.getString("unique_receipt_id"), r.getString("contact_id"), r.getString("key_type"),
                r.getString("key_value"), parse(r.getString("request")), r.getOffsetDateTime("created_date"),
                r.getString("status"), r.getOffsetDateTime("accepted_at"), r.getOffsetDateTime("sent_at"),
                r.getString("message_status"), r.getInteger("attempts"), r.getString("last_error"),
                r.getOffsetDateTime("next_attempt_at"));
    }

    private ObjectNode parse(String text) {
        try {
            return (ObjectNode) json.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("Unreadable stored receipt", e);
        }
    }
}

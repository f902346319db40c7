package io.engagebridge.transactions.repository;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.outbox.Outbox;
import io.engagebridge.outbox.MessageKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Queries on the receipt table (plain reactive SQL: the accept path is the hot one). */
@ApplicationScoped
public class ReceiptRepository {

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

    private final Pool pool;
    private final Outbox outbox;
    private final ObjectMapper json;

    public ReceiptRepository(Pool pool, Outbox outbox, ObjectMapper json) {
        this.pool = pool;
        this.outbox = outbox;
        this.json = json;
    }

    /**
     * Stores a new receipt and its outbox message in one statement (one round trip, atomic on its own); answers
     * false, writing nothing, when the uniqueReceiptId is already stored. Two identical receipts racing each other
     * can leave one extra message, which finds its receipt SENT, or which Engage ignores as a repeated id.
     */
    public <P> Uni<Boolean> insertWithMessage(String uniqueReceiptId, String contactId, String keyType,
            String keyValue, String requestJson, OffsetDateTime createdDate, MessageKind<P> kind, String messageKey,
            P payload) {
        return pool.preparedQuery(INSERT_WITH_MESSAGE)
                .execute(outbox.statementArgs(kind, messageKey, payload, uniqueReceiptId, contactId, keyType, keyValue,
                        requestJson, createdDate))
                .map(rows -> rows.rowCount() == 1);
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

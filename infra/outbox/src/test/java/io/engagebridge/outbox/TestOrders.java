package io.engagebridge.outbox;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** What a service does: write its row and enqueue its message in one transaction. */
@ApplicationScoped
public class TestOrders {

    private final Pool pool;
    private final Outbox outbox;

    public TestOrders(Pool pool, Outbox outbox) {
        this.pool = pool;
        this.outbox = outbox;
    }

    /** The orders not placed yet, each with its message, in one statement; answers how many it placed. */
    public Uni<Integer> placeAll(List<String> references) {
        String statement = Outbox.enqueueingEach("""
                select * from unnest(cast($2 as text[]), cast($3 as text[]), cast($4 as text[]))
                       as posted(message_key, message_payload, reference)
                 where not exists (select 1 from test_order where test_order.reference = posted.reference)""", """
                insert into test_order (reference)
                select due.reference from due join message on message.message_key = due.message_key""");
        return pool.preparedQuery(statement)
                .execute(outbox.statementArgsEach(RecordingHandler.KIND, references,
                        references.stream().map(reference -> new TestPayload(reference, null)).toList(),
                        (Object) references.toArray(String[]::new)))
                .map(RowSet::rowCount);
    }

    public Uni<Long> place(String reference, boolean failAfterEnqueue) {
        return pool.withTransaction(tx -> tx.preparedQuery("insert into test_order (reference) values ($1)")
                .execute(Tuple.of(reference))
                .chain(() -> outbox.enqueue(tx, RecordingHandler.KIND, reference, new TestPayload(reference, null)))
                .invoke(() -> {
                    if (failAfterEnqueue) {
                        throw new IllegalStateException("business failure after enqueue");
                    }
                }));
    }
}

package io.engagebridge.outbox;



import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
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

package io.engagebridge.outbox;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** What a service does: write its row and enqueue its message in one transaction. */
@ApplicationScoped
public class TestOrders {

    private final Outbox outbox;

    public TestOrders(Outbox outbox) {
        this.outbox = outbox;
    }

    @WithTransaction
    public Uni<Long> place(String reference, boolean failAfterEnqueue) {
        TestOrder order = new TestOrder();
        order.reference = reference;
        return order.<TestOrder>persist()
                .chain(() -> outbox.enqueue(RecordingHandler.KIND, reference, Map.of("reference", reference)))
                .invoke(() -> {
                    if (failAfterEnqueue) {
                        throw new IllegalStateException("business failure after enqueue");
                    }
                });
    }
}

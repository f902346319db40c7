package io.engagebridge.outbox;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/** A kind sent in bulk: records the size of every request. */
@ApplicationScoped
public class BulkRecordingHandler implements OutboxHandler {

    public static final String KIND = "test.bulk";
    public static final int MAX = 50;

    private final Queue<Integer> requests = new ConcurrentLinkedQueue<>();

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int maxBatch() {
        return MAX;
    }

    @Override
    public Uni<Void> handle(OutboxMessage message) {
        requests.add(1);
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> handleBatch(List<OutboxMessage> messages) {
        requests.add(messages.size());
        return Uni.createFrom().voidItem();
    }

    public List<Integer> requests() {
        return List.copyOf(requests);
    }

    public void reset() {
        requests.clear();
    }
}

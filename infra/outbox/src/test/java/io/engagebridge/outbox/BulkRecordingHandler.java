package io.engagebridge.outbox;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/** A kind sent in bulk: records the size of every request. */
@ApplicationScoped
public class BulkRecordingHandler implements OutboxHandler<TestPayload> {

    public static final MessageKind<TestPayload> KIND = MessageKind.of("test.bulk", TestPayload.class);
    public static final int MAX = 50;

    private final Queue<Integer> requests = new ConcurrentLinkedQueue<>();

    @Override
    public MessageKind<TestPayload> kind() {
        return KIND;
    }

    @Override
    public int maxBatch() {
        return MAX;
    }

    @Override
    public Uni<Void> handle(OutboxMessage<TestPayload> message) {
        requests.add(1);
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> handleBatch(List<OutboxMessage<TestPayload>> messages) {
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

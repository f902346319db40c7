package io.engagebridge.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.IntFunction;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Records what it was given and behaves as the test says. */
@ApplicationScoped
public class RecordingHandler implements OutboxHandler<TestPayload> {

    public static final MessageKind<TestPayload> KIND = MessageKind.of("test.send", TestPayload.class);

    /** One call: which message, its key, and when. */
    public record Call(long id, String key, Instant at) {
    }

    private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
    private volatile Function<OutboxMessage<TestPayload>, Uni<Void>> behaviour = m -> Uni.createFrom().voidItem();

    @Override
    public MessageKind<TestPayload> kind() {
        return KIND;
    }

    @Override
    public Uni<Void> handle(OutboxMessage<TestPayload> message) {
        calls.add(new Call(message.id(), message.key(), Instant.now()));
        return behaviour.apply(message);
    }

    public void behave(Function<OutboxMessage<TestPayload>, Uni<Void>> behaviour) {
        this.behaviour = behaviour;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public void reset() {
        calls.clear();
        behaviour = m -> Uni.createFrom().voidItem();
    }

    /** Enqueues {@code count} messages of this kind, keyed by {@code key}, and answers their ids in order. */
    static List<Long> enqueue(Outbox outbox, Pool pool, int count, IntFunction<String> key) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(outbox.enqueue(pool, KIND, key.apply(i), TestPayload.numbered(i)).await().atMost(Duration.ofSeconds(30)));
        }
        return ids;
    }
}

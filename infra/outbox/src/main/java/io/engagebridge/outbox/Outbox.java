package io.engagebridge.outbox;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Puts messages in the outbox. Enqueue joins the caller's transaction, so a business row and its message commit
 * together or not at all; the relay sends it after the commit.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT_NATIVE = """
            insert into outbox_message (kind, message_key, payload) values (?1, ?2, cast(cast(?3 as text) as jsonb)) returning id""";

    private final ObjectMapper json;
    private final OutboxStore store;

    public Outbox(ObjectMapper json, OutboxStore store) {
        this.json = json;
        this.store = store;
    }

    /**
     * Enqueues inside the current Hibernate Reactive transaction (call from a {@code @WithTransaction} method).
     * Messages with the same {@code key} are sent in the order they were enqueued.
     */
    public Uni<Long> enqueue(String kind, String key, Object payload) {
        String body = toJson(payload);
        return Panache.currentTransaction()
                .onItem().ifNull().failWith(() -> new IllegalStateException(
                        "Outbox.enqueue must run inside a transaction (@WithTransaction)"))
                .chain(tx -> Panache.getSession())
                .chain(session -> session.createNativeQuery(INSERT_NATIVE, Long.class)
                        .setParameter(1, kind)
                        .setParameter(2, key)
                        .setParameter(3, body)
                        .getSingleResult());
    }

    /** Enqueues through a reactive SQL client, typically a transaction's connection from {@code Pool.withTransaction}. */
    public Uni<Long> enqueue(SqlClient transaction, String kind, String key, Object payload) {
        return store.insert(transaction, kind, key, toJson(payload));
    }

    /**
     * Enqueues a message the relay leaves alone for {@code notBefore}: for work that is first tried live, the message
     * is the safety net, completed or cancelled through {@link OutboxStore} once the live outcome is known.
     */
    public Uni<Long> enqueue(SqlClient transaction, String kind, String key, Object payload, java.time.Duration notBefore) {
        return store.insert(transaction, kind, key, toJson(payload), notBefore);
    }

    /** A payload as the outbox stores it (JSON), for callers that write the message row themselves. */
    public String payload(Object payload) {
        return toJson(payload);
    }

    private String toJson(Object payload) {
        try {
            return payload instanceof String s ? s : json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Outbox payload is not serialisable: " + payload.getClass(), e);
        }
    }
}

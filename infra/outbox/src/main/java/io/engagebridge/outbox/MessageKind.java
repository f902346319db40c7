package io.engagebridge.outbox;

import java.util.Objects;

/**
 * One kind of outbox message: the name stored with it and the type its payload is read as. A service declares each
 * kind once, beside the payload record and the {@link OutboxHandler} that sends it, and enqueues with it, so what is
 * written and what is read are the same type.
 */
public record MessageKind<P>(String name, Class<P> payloadType) {

    public MessageKind {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(payloadType, "payloadType");
    }

    public static <P> MessageKind<P> of(String name, Class<P> payloadType) {
        return new MessageKind<>(name, payloadType);
    }
}

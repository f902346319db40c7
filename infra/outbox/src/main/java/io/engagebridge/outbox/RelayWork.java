package io.engagebridge.outbox;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Marks the Vert.x contexts the relay sends on, so that a client can tell background work (a replay, which can
 * wait) from a live call a customer waits for, e.g. to give live calls the next rate-budget slots.
 */
public final class RelayWork {

    private static final String KEY = "outbox.relay-work";

    private RelayWork() {
    }

    static void mark(Context context) {
        context.putLocal(KEY, Boolean.TRUE);
    }

    /** Whether the current code runs as part of a relay's send. */
    public static boolean isCurrent() {
        Context context = Vertx.currentContext();
        return context != null && Boolean.TRUE.equals(context.getLocal(KEY));
    }
}

package io.engagebridge.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.engagebridge.engage.EngageErrors;
import io.engagebridge.engage.EngageException;
import io.engagebridge.engage.FailureClass;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Drains the outbox: claims due messages, paces them through the shared {@link RateBudget}, hands each to the
 * handler of its kind (never inside a database transaction) and records the outcome. Any number of relays, in one
 * JVM or many, can drain one table: claims are exclusive and leased.
 */
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final String owner;
    private final OutboxStore store;
    private final RateBudget budget;
    private final Map<String, OutboxHandler> handlers;
    private final OutboxConfig config;
    private final Backoff backoff;
    private final MeterRegistry metrics;

    public OutboxRelay(String owner, OutboxStore store, RateBudget budget, List<OutboxHandler> handlers,
            OutboxConfig config, MeterRegistry metrics) {
        this.owner = owner;
        this.store = store;
        this.budget = budget;
        this.handlers = handlers.stream().collect(Collectors.toMap(OutboxHandler::kind, Function.identity()));
        this.config = config;
        this.backoff = new Backoff(config.backoff(), config.jitter());
        this.metrics = metrics;
    }

    public String owner() {
        return owner;
    }

    /** Claims and sends one batch; answers how many messages it claimed (0 when nothing was due). */
    public Uni<Integer> drainOnce() {
        return store.claim(owner, config.batchSize(), config.lease())
                .chain(batch -> batch.isEmpty() ? Uni.createFrom().item(0) : sendAll(batch).replaceWith(batch.size()));
    }

    /** Drains batch after batch until a batch comes back short, or the drain timeout is reached. */
    public Uni<Void> drain() {
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        return drainOnce()
                .repeat().until(claimed -> claimed < config.batchSize() || System.nanoTime() > deadline)
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> sendAll(List<OutboxMessage> batch) {
        long reservedAt = System.nanoTime();
        long step = budget.interval().toNanos();
        return budget.reserve(batch.size())
                .chain(start -> Multi.createFrom().range(0, batch.size())
                        .onItem().transformToUni(i -> {
                            long due = reservedAt + start.toNanos() + i * step;
                            return waitUntil(due).chain(() -> send(batch.get(i)));
                        })
                        .merge(config.concurrency())
                        .collect().last()
                        .replaceWithVoid());
    }

    private static Uni<Void> waitUntil(long dueNanos) {
        long wait = dueNanos - System.nanoTime();
        Uni<Void> now = Uni.createFrom().voidItem();
        return wait < 1_000_000 ? now : now.onItem().delayIt().by(Duration.ofNanos(wait));
    }

    /** Sends one message and records what happened; never fails. */
    Uni<Void> send(OutboxMessage message) {
        OutboxHandler handler = handlers.get(message.kind());
        if (handler == null) {
            return dead(message, "No handler for kind '" + message.kind() + "' in this service");
        }
        return Uni.createFrom().deferred(() -> handler.handle(message))
                .chain(() -> store.markDone(message.id(), owner))
                .invoke(done -> count(message, done ? "sent" : "lease-lost"))
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> onFailure(message, failure))
                .onFailure().recoverWithUni(storeFailure -> {
                    LOG.errorf(storeFailure, "Outbox message %d: could not record its outcome; its lease will expire",
                            message.id());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> onFailure(OutboxMessage message, Throwable failure) {
        if (failure instanceof RetryLater later) {
            LOG.debugf("Outbox message %d (%s) waits: %s", message.id(), message.kind(), later.getMessage());
            count(message, "deferred");
            return store.reschedule(message.id(), owner, later.delay(), later.getMessage(), false).replaceWithVoid();
        }
        EngageException engage = EngageErrors.classify(failure);
        FailureClass failureClass = engage.failureClass();
        if (failureClass == FailureClass.REJECTED || failureClass == FailureClass.EXPECTED) {
            return dead(message, "Engage rejected it: " + engage.summary());
        }
        if (message.attempts() >= config.maxAttempts()) {
            return dead(message, "Gave up after " + message.attempts() + " attempts: " + engage.summary());
        }
        Duration wait = backoff.next(message.attempts());
        Uni<Void> pauseEveryone = Uni.createFrom().voidItem();
        if (failureClass == FailureClass.RATE_LIMITED) {
            Duration pause = engage.retryAfter().orElse(config.rateLimitedPause());
            wait = pause.compareTo(wait) > 0 ? pause : wait;
            pauseEveryone = budget.pause(pause);
        }
        LOG.warnf("Outbox message %d (%s) attempt %d failed, next try in %ds: %s", message.id(), message.kind(),
                message.attempts(), wait.toSeconds(), engage.summary());
        count(message, failureClass == FailureClass.RATE_LIMITED ? "rate-limited" : "retry");
        Duration delay = wait;
        return pauseEveryone.chain(() -> store.reschedule(message.id(), owner, delay, engage.summary(), true))
                .replaceWithVoid();
    }

    private Uni<Void> dead(OutboxMessage message, String reason) {
        LOG.errorf("Outbox message %d (%s) is DEAD after %d attempt(s): %s", message.id(), message.kind(),
                message.attempts(), reason);
        count(message, "dead");
        return store.markDead(message.id(), owner, reason).replaceWithVoid();
    }

    private void count(OutboxMessage message, String outcome) {
        if (metrics != null) {
            metrics.counter("outbox.messages", "kind", message.kind(), "outcome", outcome).increment();
        }
    }
}

package io.engagebridge.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.engagebridge.engage.EngageErrors;
import io.engagebridge.engage.EngageException;
import io.engagebridge.engage.EngageRateBudget;
import io.engagebridge.engage.FailureClass;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Drains the outbox: claims due messages, hands each to the handler of its kind (never inside a database transaction)
 * and records the outcome. Any number of relays, in one JVM or many, can drain one table: claims are exclusive and
 * leased. Pacing is not the relay's: every request a handler makes to Engage takes a slot of the API key's rate
 * budget ({@link EngageRateBudget}), as background work that yields to live calls; a message that makes two requests
 * costs two slots.
 */
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final String owner;
    private final OutboxStore store;
    private final Map<String, OutboxHandler> handlers;
    private final OutboxConfig config;
    private final Backoff backoff;
    private final MeterRegistry metrics;
    private final Vertx vertx;
    private final DestinationHealth health;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;

    public OutboxRelay(String owner, OutboxStore store, DestinationHealth health, List<OutboxHandler> handlers,
            OutboxConfig config, MeterRegistry metrics, Vertx vertx) {
        this.owner = owner;
        this.health = health;
        this.vertx = vertx;
        this.store = store;
        this.handlers = handlers.stream().collect(Collectors.toMap(OutboxHandler::kind, Function.identity()));
        this.config = config;
        this.backoff = new Backoff(config.backoff(), config.jitter());
        this.metrics = metrics;
    }

    /**
     * Claims and sends one batch, or during an outage one probe when it is due; answers how many messages it
     * claimed (0 when nothing was due).
     */
    public Uni<Integer> drainOnce() {
        // deferred: drain() re-subscribes to this Uni for every batch, and a stop must end that loop
        return Uni.createFrom().deferred(() -> stopping ? Uni.createFrom().item(0)
                : health.read().chain(state -> state.down() ? probe(state) : drainBatch()));
    }

    /**
     * Stops claiming: for a replica shutting down. Sends already under way finish and record their outcome; claimed
     * messages not yet sent are handed back at once (see {@link #releaseClaims}).
     */
    public void stop() {
        stopping = true;
    }

    /** Sends under way right now (started, outcome not yet recorded). */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Hands back every message this relay still holds, its attempt given back, so another replica takes it at once
     * instead of after the lease; answers how many. Call after {@link #stop} once nothing is in flight.
     */
    public Uni<Integer> releaseClaims() {
        return store.releaseClaims(owner);
    }

    private Uni<Integer> drainBatch() {
        return store.claim(owner, config.batchSize(), config.lease())
                .chain(this::topUpBatchableKinds)
                .chain(batch -> batch.isEmpty() ? Uni.createFrom().item(0)
                        : sendAll(units(batch)).replaceWith(batch.size()));
    }

    /** One message, alone, to learn whether Engage answers again; only the replica that takes the probe sends it. */
    private Uni<Integer> probe(DestinationHealth.State state) {
        if (!state.probeDue()) {
            return Uni.createFrom().item(0);
        }
        return health.takeProbe(state.probes())
                .chain(took -> took ? store.claimProbe(owner, config.lease()) : Uni.createFrom().item(List.<OutboxMessage>of()))
                .chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(0) : onOwnContext(() -> {
                    LOG.infof("Engage is down: probing with outbox message %d (%s)", claimed.get(0).id(),
                            claimed.get(0).kind());
                    return send(claimed, true);
                }).replaceWith(claimed.size()));
    }

    /**
     * Drains batch after batch until nothing is due, or the drain timeout is reached. A short batch is no reason to
     * stop: sending a key's head makes its next message due, and a customer with many queued changes would otherwise
     * get one per scheduler tick.
     */
    public Uni<Void> drain() {
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        return drainOnce()
                .repeat().until(claimed -> claimed == 0 || System.nanoTime() > deadline)
                .collect().last()
                .replaceWithVoid();
    }

    /** For kinds sent in bulk, claims more due messages of the kind, up to what one bulk request takes. */
    private Uni<List<OutboxMessage>> topUpBatchableKinds(List<OutboxMessage> batch) {
        Map<String, Long> perKind = batch.stream()
                .collect(Collectors.groupingBy(OutboxMessage::kind, Collectors.counting()));
        List<OutboxMessage> all = new ArrayList<>(batch);
        return Multi.createFrom().iterable(perKind.entrySet())
                .filter(e -> maxBatch(e.getKey()) > e.getValue())
                .onItem().transformToUniAndConcatenate(e -> store.claim(owner,
                        (int) (maxBatch(e.getKey()) - e.getValue()), config.lease(), e.getKey()))
                .invoke(all::addAll)
                .collect().last()
                .replaceWith(all);
    }

    private int maxBatch(String kind) {
        OutboxHandler handler = handlers.get(kind);
        return handler == null ? 1 : Math.max(1, handler.maxBatch());
    }

    /** What goes to Engage in one request each: single messages, or bulk chunks of one kind. */
    private List<List<OutboxMessage>> units(List<OutboxMessage> batch) {
        List<List<OutboxMessage>> units = new ArrayList<>();
        Map<String, List<OutboxMessage>> bulk = new LinkedHashMap<>();
        for (OutboxMessage message : batch) {
            if (maxBatch(message.kind()) > 1) {
                bulk.computeIfAbsent(message.kind(), k -> new ArrayList<>()).add(message);
            } else {
                units.add(List.of(message));
            }
        }
        bulk.forEach((kind, messages) -> {
            int size = maxBatch(kind);
            for (int from = 0; from < messages.size(); from += size) {
                units.add(List.copyOf(messages.subList(from, Math.min(from + size, messages.size()))));
            }
        });
        return units;
    }

    private Uni<Void> sendAll(List<List<OutboxMessage>> units) {
        return Multi.createFrom().iterable(units)
                .onItem().transformToUni(unit -> onOwnContext(() -> send(unit, false)))
                .merge(config.concurrency())
                .collect().last()
                .replaceWithVoid();
    }

    /**
     * Runs {@code work} on a fresh safe duplicated Vert.x context marked as background work: each send then has its
     * own Hibernate Reactive session, however many run at once, handlers may open transactions, and their Engage
     * calls yield the next rate-budget slots to live calls.
     */
    private Uni<Void> onOwnContext(Supplier<Uni<Void>> work) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        EngageRateBudget.markBackground(context);
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored -> {
            inFlight.incrementAndGet();
            work.get().onTermination().invoke(inFlight::decrementAndGet)
                    .subscribe().with(emitter::complete, emitter::fail);
        }));
    }

    /**
     * Sends one request's worth of messages and records what happened to each; never fails. A unit claimed before
     * this replica learnt of an outage waits instead, uncharged, unless it is the probe.
     */
    Uni<Void> send(List<OutboxMessage> unit, boolean probe) {
        OutboxMessage first = unit.get(0);
        OutboxHandler handler = handlers.get(first.kind());
        if (handler == null) {
            return forEach(unit, m -> dead(m, "No handler for kind '" + m.kind() + "' in this service"));
        }
        if (!probe && health.isDown()) {
            return forEach(unit, this::holdForOutage);
        }
        if (stopping) {
            return forEach(unit, this::handBack);
        }
        return Uni.createFrom().deferred(() -> unit.size() == 1 ? handler.handle(first) : handler.handleBatch(unit))
                .onItemOrFailure().transformToUni((ignored, failure) -> failure == null ? recordSent(unit)
                        : recordHealth(failure).chain(down -> forEach(unit, m -> onFailure(m, failure, down))))
                .onFailure().recoverWithUni(storeFailure -> {
                    LOG.errorf(storeFailure, "Outbox message %d: could not record its outcome; its lease will expire",
                            first.id());
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * Engage took the unit: DONE. A database hiccup here must never pass for a failure of the send, which would send
     * it again: the health update is best effort, and a failed mark leaves the lease to expire.
     */
    private Uni<Void> recordSent(List<OutboxMessage> unit) {
        return health.answered().onFailure().recoverWithNull()
                .chain(() -> forEach(unit, m -> store.markDone(m.id(), owner)
                        .invoke(done -> count(m, done ? "sent" : "lease-lost")).replaceWithVoid()));
    }

    /** Claimed, but this replica is going away before sending it: back to the others at once, uncharged. */
    private Uni<Void> handBack(OutboxMessage message) {
        return store.reschedule(message.id(), owner, Duration.ZERO, "Handed back by a replica shutting down", false)
                .replaceWithVoid();
    }

    /**
     * What one failed request says of Engage as a whole: no answer or a 5xx counts towards an outage (answers
     * whether Engage is now down); any other answer from Engage shows it is there. A failure that did not come from
     * a call to Engage (a handler's own verdict, its database, a bug, the rate budget's database) says nothing.
     */
    private Uni<Boolean> recordHealth(Throwable failure) {
        Optional<EngageException> engage = EngageErrors.find(failure);
        if (engage.isEmpty() || engage.get().hasCode(EngageErrors.RATE_BUDGET_UNAVAILABLE)) {
            return Uni.createFrom().item(false);
        }
        if (saysEngageIsDown(engage.get())) {
            return health.noAnswer(engage.get().summary());
        }
        return health.answered().onFailure().recoverWithNull().replaceWith(false);
    }

    /** No answer at all, or a 5xx: Engage (or the way to it) is not there. 401/403/408 and 429 are answers. */
    static boolean saysEngageIsDown(EngageException engage) {
        return engage.failureClass() == FailureClass.RETRYABLE && (engage.status() == 0 || engage.status() >= 500);
    }

    private Uni<Void> holdForOutage(OutboxMessage message) {
        count(message, "held");
        return store.reschedule(message.id(), owner, Duration.ZERO, "Held while Engage is down", false, true)
                .replaceWithVoid();
    }

    private static Uni<Void> forEach(List<OutboxMessage> unit, Function<OutboxMessage, Uni<Void>> action) {
        return Multi.createFrom().iterable(unit).onItem().transformToUniAndConcatenate(m -> action.apply(m))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> onFailure(OutboxMessage message, Throwable failure, boolean engageDown) {
        if (failure instanceof RetryLater later) {
            LOG.debugf("Outbox message %d (%s) waits: %s", message.id(), message.kind(), later.getMessage());
            count(message, "deferred");
            return store.reschedule(message.id(), owner, later.delay(), later.getMessage(), false).replaceWithVoid();
        }
        if (failure instanceof GiveUp giveUp) {
            return dead(message, giveUp.getMessage());
        }
        EngageException engage = EngageErrors.classify(failure);
        FailureClass failureClass = engage.failureClass();
        if (failureClass == FailureClass.REJECTED || failureClass == FailureClass.EXPECTED) {
            return dead(message, "Engage rejected it: " + engage.summary());
        }
        boolean noAnswer = saysEngageIsDown(engage);
        if (noAnswer && engageDown) {
            // charged (the request may have reached Engage: a create must then be looked up before it is sent
            // again), but never DEAD for it: Engage being down says nothing about the message
            LOG.debugf("Outbox message %d (%s) waits for Engage to answer: %s", message.id(), message.kind(),
                    engage.summary());
            count(message, "held");
            return store.reschedule(message.id(), owner, backoff.next(message.attempts()), engage.summary(), true, true)
                    .replaceWithVoid();
        }
        if (message.attempts() >= config.maxAttempts()) {
            return dead(message, "Gave up after " + message.attempts() + " attempts: " + engage.summary());
        }
        Duration wait = backoff.next(message.attempts());
        Duration asked = engage.retryAfter().orElse(Duration.ZERO);
        if (asked.compareTo(wait) > 0) {
            wait = asked;
        }
        LOG.warnf("Outbox message %d (%s) attempt %d failed, next try in %ds: %s", message.id(), message.kind(),
                message.attempts(), wait.toSeconds(), engage.summary());
        count(message, failureClass == FailureClass.RATE_LIMITED ? "rate-limited" : "retry");
        return store.reschedule(message.id(), owner, wait, engage.summary(), true, noAnswer).replaceWithVoid();
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

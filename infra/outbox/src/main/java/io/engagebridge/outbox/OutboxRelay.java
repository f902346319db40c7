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

import com.fasterxml.jackson.databind.ObjectMapper;

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
 * leased. Pacing is not the relay's: the destination's client paces its own requests (for Engage, one rate budget
 * per API key), and can tell the relay's sends from live calls by {@link RelayWork}.
 */
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final String owner;
    private final OutboxStore store;
    private final Map<String, OutboxHandler<?>> handlers;
    private final FailureReader failures;
    private final ObjectMapper json;
    private final OutboxConfig config;
    private final Backoff backoff;
    private final MeterRegistry metrics;
    private final Vertx vertx;
    private final DestinationHealth health;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;

    OutboxRelay(String owner, OutboxStore store, DestinationHealth health, List<OutboxHandler<?>> handlers,
            FailureReader failures, ObjectMapper json, OutboxConfig config, MeterRegistry metrics, Vertx vertx) {
        this.owner = owner;
        this.health = health;
        this.vertx = vertx;
        this.store = store;
        this.handlers = handlers.stream().collect(Collectors.toMap(h -> h.kind().name(), Function.identity()));
        this.failures = failures;
        this.json = json;
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
                .chain(took -> took ? store.claimProbe(owner, config.lease()) : Uni.createFrom().item(List.<ClaimedMessage>of()))
                .chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(0) : onOwnContext(() -> {
                    LOG.infof("The destination is down: probing with outbox message %d (%s)", claimed.get(0).id(),
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
    private Uni<List<ClaimedMessage>> topUpBatchableKinds(List<ClaimedMessage> batch) {
        Map<String, Long> perKind = batch.stream()
                .collect(Collectors.groupingBy(ClaimedMessage::kind, Collectors.counting()));
        List<ClaimedMessage> all = new ArrayList<>(batch);
        return Multi.createFrom().iterable(perKind.entrySet())
                .filter(e -> maxBatch(e.getKey()) > e.getValue())
                .onItem().transformToUniAndConcatenate(e -> store.claim(owner,
                        (int) (maxBatch(e.getKey()) - e.getValue()), config.lease(), e.getKey()))
                .invoke(all::addAll)
                .collect().last()
                .replaceWith(all);
    }

    private int maxBatch(String kind) {
        OutboxHandler<?> handler = handlers.get(kind);
        return handler == null ? 1 : Math.max(1, handler.maxBatch());
    }

    /** What goes to Engage in one request each: single messages, or bulk chunks of one kind. */
    private List<List<ClaimedMessage>> units(List<ClaimedMessage> batch) {
        List<List<ClaimedMessage>> units = new ArrayList<>();
        Map<String, List<ClaimedMessage>> bulk = new LinkedHashMap<>();
        for (ClaimedMessage message : batch) {
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

    private Uni<Void> sendAll(List<List<ClaimedMessage>> units) {
        return Multi.createFrom().iterable(units)
                .onItem().transformToUni(unit -> onOwnContext(() -> send(unit, false)))
                .merge(config.concurrency())
                .collect().last()
                .replaceWithVoid();
    }

    /**
     * Runs {@code work} on a fresh safe duplicated Vert.x context marked as background work: each send then has its
     * own context, however many run at once, and the destination's client knows them for background work.
     */
    private Uni<Void> onOwnContext(Supplier<Uni<Void>> work) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        RelayWork.mark(context);
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
    Uni<Void> send(List<ClaimedMessage> unit, boolean probe) {
        ClaimedMessage first = unit.get(0);
        OutboxHandler<?> handler = handlers.get(first.kind());
        if (handler == null) {
            return forEach(unit, m -> dead(m, "No handler for kind '" + m.kind() + "' in this service"));
        }
        if (!probe && health.isDown()) {
            return forEach(unit, this::holdForOutage);
        }
        if (stopping) {
            return forEach(unit, this::handBack);
        }
        return sendWith(handler, unit)
                .onFailure().recoverWithUni(storeFailure -> {
                    LOG.errorf(storeFailure, "Outbox message %d: could not record its outcome; its lease will expire",
                            first.id());
                    return Uni.createFrom().voidItem();
                });
    }

    /** The unit's messages with their payloads read; one that cannot be read is DEAD, saying why, and left out. */
    private <P> Uni<List<OutboxMessage<P>>> readable(OutboxHandler<P> handler, List<ClaimedMessage> unit) {
        List<OutboxMessage<P>> read = new ArrayList<>(unit.size());
        Map<ClaimedMessage, String> unreadable = new LinkedHashMap<>();
        for (ClaimedMessage message : unit) {
            try {
                read.add(message.withPayload(json.readValue(message.payload(), handler.kind().payloadType())));
            } catch (Exception e) {
                unreadable.put(message, "Unreadable " + message.kind() + " payload: " + e.getMessage());
            }
        }
        return forEach(List.copyOf(unreadable.keySet()), m -> dead(m, unreadable.get(m))).replaceWith(read);
    }

    private <P> Uni<Void> sendWith(OutboxHandler<P> handler, List<ClaimedMessage> unit) {
        return readable(handler, unit).chain(readable -> readable.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.createFrom().deferred(() -> readable.size() == 1 ? handler.handle(readable.get(0))
                        : handler.handleBatch(readable))
                        .onItemOrFailure().transformToUni((ignored, failure) -> failure == null ? recordSent(unit)
                                : recordFailure(unit, failure)));
    }

    /**
     * What the failure means: a handler's own verdict, or else what the destination's client reads in it, or else
     * (a bug, the service's own database) a plain failure that says nothing of the destination.
     */
    private SendFailure meaning(Throwable failure) {
        if (failure instanceof SendFailed verdict) {
            return verdict.failure();
        }
        return fromDestination(failure).orElseGet(() -> new SendFailure.Failed(String.valueOf(failure), Duration.ZERO,
                false));
    }

    private Optional<SendFailure> fromDestination(Throwable failure) {
        return failure instanceof SendFailed || failures == null ? Optional.empty() : failures.read(failure);
    }

    private Uni<Void> recordFailure(List<ClaimedMessage> unit, Throwable failure) {
        SendFailure meaning = meaning(failure);
        return recordHealth(failure).chain(down -> forEach(unit, m -> onFailure(m, meaning, down)));
    }

    /**
     * Engage took the unit: DONE. A database hiccup here must never pass for a failure of the send, which would send
     * it again: the health update is best effort, and a failed mark leaves the lease to expire.
     */
    private Uni<Void> recordSent(List<ClaimedMessage> unit) {
        return health.answered().onFailure().recoverWithNull()
                .chain(() -> forEach(unit, m -> store.markDone(m.id(), owner)
                        .invoke(done -> count(m, done ? "sent" : "lease-lost")).replaceWithVoid()));
    }

    /** Claimed, but this replica is going away before sending it: back to the others at once, uncharged. */
    private Uni<Void> handBack(ClaimedMessage message) {
        return store.reschedule(message.id(), owner, Duration.ZERO, "Handed back by a replica shutting down", false)
                .replaceWithVoid();
    }

    /**
     * What one failed request says of the destination as a whole: no answer or a server error counts towards an
     * outage (answers whether it is now down); any other answer shows it is there. A failure that did not come from
     * the destination (a handler's own verdict, its database, a bug) says nothing.
     */
    private Uni<Boolean> recordHealth(Throwable failure) {
        Optional<SendFailure> destination = fromDestination(failure);
        if (destination.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        if (destination.get() instanceof SendFailure.Failed failed && failed.unanswered()) {
            return health.noAnswer(failed.reason());
        }
        return health.answered().onFailure().recoverWithNull().replaceWith(false);
    }

    private Uni<Void> holdForOutage(ClaimedMessage message) {
        count(message, "held");
        return store.reschedule(message.id(), owner, Duration.ZERO, "Held while the destination is down", false, true)
                .replaceWithVoid();
    }

    private static Uni<Void> forEach(List<ClaimedMessage> unit, Function<ClaimedMessage, Uni<Void>> action) {
        return Multi.createFrom().iterable(unit).onItem().transformToUniAndConcatenate(m -> action.apply(m))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> onFailure(ClaimedMessage message, SendFailure failure, boolean destinationDown) {
        if (failure instanceof SendFailure.NotYet notYet) {
            LOG.debugf("Outbox message %d (%s) waits: %s", message.id(), message.kind(), notYet.reason());
            count(message, "deferred");
            return store.reschedule(message.id(), owner, notYet.delay(), notYet.reason(), false).replaceWithVoid();
        }
        if (failure instanceof SendFailure.GiveUp giveUp) {
            return dead(message, giveUp.reason());
        }
        if (failure instanceof SendFailure.RateLimited limited) {
            return retry(message, limited.reason(), limited.retryAfter(), "rate-limited", false);
        }
        SendFailure.Failed failed = (SendFailure.Failed) failure;
        if (failed.unanswered() && destinationDown) {
            // charged (the request may have reached the destination: a create must then be looked up before it is
            // sent again), but never DEAD for it: the destination being down says nothing about the message
            LOG.debugf("Outbox message %d (%s) waits for the destination to answer: %s", message.id(), message.kind(),
                    failed.reason());
            count(message, "held");
            return store.reschedule(message.id(), owner, backoff.next(message.attempts()), failed.reason(), true, true)
                    .replaceWithVoid();
        }
        return retry(message, failed.reason(), failed.atLeast(), "retry", failed.unanswered());
    }

    /** Charged: tries again after the backoff (or what was asked, when longer), or DEAD once out of attempts. */
    private Uni<Void> retry(ClaimedMessage message, String reason, Duration atLeast, String outcome,
            boolean waitingForDestination) {
        if (message.attempts() >= config.maxAttempts()) {
            return dead(message, "Gave up after " + message.attempts() + " attempts: " + reason);
        }
        Duration wait = backoff.next(message.attempts());
        if (atLeast.compareTo(wait) > 0) {
            wait = atLeast;
        }
        LOG.warnf("Outbox message %d (%s) attempt %d failed, next try in %ds: %s", message.id(), message.kind(),
                message.attempts(), wait.toSeconds(), reason);
        count(message, outcome);
        return store.reschedule(message.id(), owner, wait, reason, true, waitingForDestination).replaceWithVoid();
    }

    private Uni<Void> dead(ClaimedMessage message, String reason) {
        LOG.errorf("Outbox message %d (%s) is DEAD after %d attempt(s): %s", message.id(), message.kind(),
                message.attempts(), reason);
        count(message, "dead");
        return store.markDead(message.id(), owner, reason).replaceWithVoid();
    }

    private void count(ClaimedMessage message, String outcome) {
        metrics.counter("outbox.messages", "kind", message.kind(), "outcome", outcome).increment();
    }
}

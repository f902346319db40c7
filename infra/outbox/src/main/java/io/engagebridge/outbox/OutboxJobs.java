package io.engagebridge.outbox;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * This replica's relay and the outbox's housekeeping, on quarkus-scheduler. {@code concurrentExecution = SKIP} only
 * holds within one JVM; across replicas correctness comes from the claim query.
 */
@ApplicationScoped
public class OutboxJobs {

    private static final Logger LOG = Logger.getLogger(OutboxJobs.class);

    private final OutboxRelay relay;
    private final OutboxStore store;
    private final OutboxOps ops;
    private final DestinationHealth health;
    private final OutboxConfig config;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private final AtomicBoolean handingOver = new AtomicBoolean();
    private final AtomicLong oldestPendingSeconds = new AtomicLong();

    OutboxJobs(OutboxStore store, OutboxOps ops, DestinationHealth health, @Any Instance<OutboxHandler<?>> handlers,
            Instance<FailureReader> failures, ObjectMapper json, OutboxConfig config, MeterRegistry metrics,
            Vertx vertx) {
        this.store = store;
        this.ops = ops;
        this.health = health;
        this.config = config;
        String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.relay = new OutboxRelay(owner, store, health, List.copyOf(handlers.stream().toList()),
                failures.isResolvable() ? failures.get() : null, json, config, metrics, vertx);
        metrics.gauge("outbox.pending", pending);
        metrics.gauge("outbox.dead", dead);
        metrics.gauge("outbox.oldest.pending.seconds", oldestPendingSeconds);
    }

    /**
     * Shutdown begins (the services set {@code quarkus.shutdown.delay-enabled}): the hand-over is done first, while
     * everything it needs still works. At {@link ShutdownEvent}, after Quarkus' graceful phase, the Engage client may
     * already be closed: scale.sh saw a replica keep sending into a closed client there, sends Engage had accepted
     * recorded as failed and sent again by another replica, and its failures take Engage for down.
     */
    void handOverWhenShutdownBegins(@Observes ShutdownDelayInitiatedEvent event) {
        handOver();
    }

    /** Without the shutdown delay enabled, the last moment to hand over; after the early one, nothing is left. */
    void handOverAtShutdown(@Observes ShutdownEvent event) {
        handOver();
    }

    /**
     * A replica going away hands its work over: it stops claiming, lets the sends under way finish and record their
     * outcome (bounded by {@code outbox.shutdown-grace}), then hands back what it claimed but did not send, so another
     * replica takes it at once. A send Engage accepted is thus recorded DONE before the database pool closes, and not
     * sent again by the next replica. Done once.
     */
    private void handOver() {
        if (!handingOver.compareAndSet(false, true)) {
            return;
        }
        relay.stop();
        try {
            Multi.createBy().repeating().supplier(relay::inFlight).withDelay(Duration.ofMillis(20))
                    .until(inFlight -> inFlight == 0)
                    .collect().last()
                    .await().atMost(config.shutdownGrace());
        } catch (RuntimeException stillBusy) {
            LOG.warnf("Outbox: %d send(s) still under way after %s; their leases will expire", relay.inFlight(),
                    config.shutdownGrace());
        }
        if (relay.inFlight() > 0) {
            return; // handing those back would let another replica send them while this one still is
        }
        try {
            int released = relay.releaseClaims().await().atMost(Duration.ofSeconds(5));
            if (released > 0) {
                LOG.infof("Outbox: handed %d claimed message(s) back to the other replicas", released);
            }
        } catch (RuntimeException failure) {
            LOG.warnf("Outbox: could not hand claimed messages back (%s); their leases will expire", failure.toString());
        }
    }

    /** This replica's relay, for tests and the ops endpoint. */
    public OutboxRelay relay() {
        return relay;
    }

    @Scheduled(identity = "outbox-relay", every = "${outbox.relay.interval:1s}", delayed = "${outbox.relay.delay:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> drain() {
        return relay.drain()
                .ifNoItem().after(config.drainTimeout().plus(config.lease())).fail()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Outbox drain stopped early: %s", failure.toString());
                    return null;
                });
    }

    /** Refreshes the gauges operators alert on: pending, DEAD, age of the oldest pending message, Engage reachable. */
    @Scheduled(identity = "outbox-stats", every = "${outbox.stats-interval:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshGauges() {
        return ops.stats()
                .invoke(stats -> {
                    pending.set(stats.pending());
                    dead.set(stats.dead());
                    oldestPendingSeconds.set(Math.round(stats.oldestPendingSeconds()));
                })
                .call(health::read)
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    @Scheduled(identity = "outbox-retention", every = "${outbox.retention-interval:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deleteOldDone() {
        return store.deleteDoneOlderThan(config.retention())
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.infof("Outbox retention: deleted %d DONE message(s) older than %s", deleted,
                                config.retention());
                    }
                })
                .replaceWithVoid();
    }
}

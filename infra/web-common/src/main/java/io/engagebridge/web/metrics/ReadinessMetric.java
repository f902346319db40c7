package io.engagebridge.web.metrics;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.health.SmallRyeHealthReporter;
import io.vertx.core.Vertx;

/**
 * This replica's readiness as a metric, {@code app_ready}: 1 while its readiness checks (what the kubelet asks on
 * {@code /q/health/ready}) are UP, 0 while one is DOWN (its database unreachable, SIGTERM received). Prometheus then
 * knows which pods can take traffic without kube-state-metrics, in a cluster and in the local run alike; a pod it
 * cannot scrape counts as not ready (the alert EngageBridgeServiceHasNoReadyPod reads both).
 * <p>
 * The checks run every {@code web.metrics.readiness-interval} on a worker thread, never during a scrape, so a slow
 * check delays the gauge and not Prometheus.
 */
@Startup
@ApplicationScoped
public class ReadinessMetric {

    /** The gauge's name ({@code app_ready} in Prometheus). */
    public static final String NAME = "app.ready";

    private final SmallRyeHealthReporter health;
    private final Vertx vertx;
    private final AtomicInteger ready = new AtomicInteger();
    private final long timer;

    ReadinessMetric(SmallRyeHealthReporter health, MeterRegistry metrics, Vertx vertx, MetricsConfig config) {
        this.health = health;
        this.vertx = vertx;
        Gauge.builder(NAME, ready, AtomicInteger::get)
                .description("1 while this replica's readiness checks are UP (it may take traffic), 0 while one is DOWN")
                .register(metrics);
        long every = Math.max(1, config.readinessInterval().toMillis());
        this.timer = vertx.setPeriodic(1, every, ignored -> refresh());
    }

    private void refresh() {
        vertx.executeBlocking(() -> health.getReadiness().isDown() ? 0 : 1, false)
                .onComplete(result -> ready.set(result.succeeded() ? result.result() : 0));
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(timer);
    }
}

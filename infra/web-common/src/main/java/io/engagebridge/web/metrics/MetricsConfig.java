package io.engagebridge.web.metrics;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What every app's {@code /q/metrics} adds to Quarkus' own meters, for the dashboard and alerts in infra/k8s/monitoring. */
@ConfigMapping(prefix = "web.metrics")
public interface MetricsConfig {

    /** Upper bounds of the latency histograms' buckets: the dashboard's p99 per route and per live call read them. */
    @WithDefault("5ms,10ms,25ms,50ms,100ms,250ms,500ms,1s,2500ms,5s,10s")
    List<Duration> latencyBuckets();

    /** Timers published with those buckets: HTTP server and client requests, the live calls' fault-tolerance timeouts. */
    @WithDefault("http.server.requests,http.client.requests,ft.timeout.executionDuration")
    List<String> latencyHistograms();

    /** How often the readiness checks run for {@code app_ready} (on a worker thread, never during a scrape). */
    @WithDefault("5s")
    Duration readinessInterval();
}

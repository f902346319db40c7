package io.engagebridge.gateway.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.engagebridge.gateway.cache.MyPagesCaches;
import io.engagebridge.gateway.cache.SharedMyPagesCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * Registers the My Pages counters at 0 when the gateway starts, so the dashboard's hit ratio, stale copies and Redis
 * errors have a series before the first read, stale answer or Redis failure (Micrometer creates a counter on its first
 * increment, and Prometheus' {@code increase()} misses that first one). The counters are incremented where the work
 * is done: {@link CachedReads} (reads, stale copies) and {@link SharedMyPagesCache} (Redis errors); the names and
 * label values here must stay theirs (checked by ManagementPortTest against infra/k8s/monitoring/metrics.txt).
 */
@Startup
@ApplicationScoped
public class MyPagesMeters {

    /** Last good copies served because a service failed ({@code gateway_stale_served_total}). */
    public static final String STALE_SERVED = "gateway.stale.served";
    /** The {@code result} label of {@link CachedReads#READS}. */
    public static final List<String> READ_RESULTS = List.of("hit", "miss");
    /** The {@code operation} label of {@link SharedMyPagesCache#ERRORS}. */
    public static final List<String> REDIS_OPERATIONS = List.of("read", "write", "evict", "keep-last-good", "last-good");

    MyPagesMeters(MeterRegistry metrics) {
        for (String cache : List.of(MyPagesCaches.PROFILE, MyPagesCaches.PURCHASES, MyPagesCaches.PROMOTIONS)) {
            for (String result : READ_RESULTS) {
                metrics.counter(CachedReads.READS, "cache", cache, "result", result);
            }
        }
        metrics.counter(STALE_SERVED);
        for (String operation : REDIS_OPERATIONS) {
            metrics.counter(SharedMyPagesCache.ERRORS, "operation", operation);
        }
    }
}

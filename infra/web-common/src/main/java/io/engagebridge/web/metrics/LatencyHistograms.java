package io.engagebridge.web.metrics;

import java.util.Set;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Gives the request timers a few fixed histogram buckets ({@code web.metrics.latency-buckets}), so Prometheus can
 * compute a p99 per route or per live call ({@code histogram_quantile} over {@code *_seconds_bucket}). Quarkus
 * publishes these timers with count, sum and max only; fixed bounds keep the series few, where Micrometer's own
 * percentile histogram would add about 70 buckets to every route and status.
 */
@Singleton
public class LatencyHistograms {

    @Produces
    @Singleton
    MeterFilter latencyBuckets(MetricsConfig config) {
        Set<String> timers = Set.copyOf(config.latencyHistograms());
        double[] bucketsNanos = config.latencyBuckets().stream().mapToDouble(d -> d.toNanos()).sorted().toArray();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig given) {
                if (id.getType() != Meter.Type.TIMER || !timers.contains(id.getName())) {
                    return given;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(bucketsNanos).build().merge(given);
            }
        };
    }
}

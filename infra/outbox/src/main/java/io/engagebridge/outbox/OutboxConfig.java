package io.engagebridge.outbox;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Outbox relay settings. The relay's schedule is {@code outbox.relay.interval} (default 1s; "off" disables it,
 * as tests do to drive the relay themselves).
 */
@ConfigMapping(prefix = "outbox")
public interface OutboxConfig {

    /** Messages claimed at once by one replica. Keep batch-size x replicas / the key's rate budget well under the lease. */
    @WithDefault("40")
    int batchSize();

    /** Sends in flight at once in one replica. */
    @WithDefault("8")
    int concurrency();

    /** How long a claim holds; a replica killed mid-send releases its messages when this runs out. */
    @WithDefault("60s")
    Duration lease();

    /** Waits between attempts (Voyado: 10 s, 30 s, 60 s, 300 s ...); the last one repeats. */
    @WithDefault("10s,30s,60s,300s")
    List<Duration> backoff();

    /** Random spread of each wait, as a fraction (0.2 = +/-20 %), so replicas do not retry in lock-step. */
    @WithDefault("0.2")
    double jitter();

    /** Attempts before a message is given up as DEAD (about a day at the default schedule). */
    @WithDefault("300")
    int maxAttempts();

    /** Longest one scheduled drain may run before it yields to the next tick. */
    @WithDefault("30s")
    Duration drainTimeout();

    /**
     * Longest one claim query may run (it takes milliseconds on fresh statistics). One cut short refreshes the
     * outbox table's statistics and is tried again (see {@code OutboxStore}).
     */
    @WithDefault("5s")
    Duration claimTimeout();

    /** On shutdown, how long sends under way may take to finish and record their outcome. */
    @WithDefault("10s")
    Duration shutdownGrace();

    /** How long DONE messages are kept before deletion. */
    @WithDefault("7d")
    Duration retention();

    /** How often the relay looks for due messages ({@code off} disables it). */
    @WithDefault("1s")
    @WithName("relay.interval")
    String relayInterval();

    /** Wait after start before the first drain. */
    @WithDefault("1s")
    @WithName("relay.delay")
    String relayDelay();

    /** How often the outbox gauges are refreshed. */
    @WithDefault("15s")
    String statsInterval();

    /** How often DONE messages past retention are deleted. */
    @WithDefault("1h")
    String retentionInterval();

    /** When the destination as a whole counts as down, and how it is probed then (see {@link DestinationHealth}). */
    Outage outage();

    interface Outage {

        /** Consecutive "no answer" / 5xx failures, across messages and replicas, that start an outage. */
        @WithDefault("5")
        int threshold();

        /** Waits between probes during an outage; the last one repeats (at most one probe per step per service). */
        @WithDefault("2s,5s,10s")
        List<Duration> probeSchedule();
    }
}

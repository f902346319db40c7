package io.engagebridge.sandbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The sandbox's starting behaviour; faults and limits can be changed at run time through {@code /admin}. */
@ConfigMapping(prefix = "sandbox")
public interface SandboxConfig {

    /** The API key clients must send. */
    String apiKey();

    /** Header carrying the key. */
    @WithDefault("apikey")
    String apiKeyHeader();

    /** Delay before a posted receipt shows in {@code GET transactions} (Engage imports in batches). */
    @WithDefault("60s")
    Duration receiptVisibilityDelay();

    /** Requests per second above which the sandbox answers 429. */
    @WithDefault("200")
    int rateLimit();

    /** Load a few contacts and promotions at start. */
    @WithDefault("true")
    boolean demoData();
}

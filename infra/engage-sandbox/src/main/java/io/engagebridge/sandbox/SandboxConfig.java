package io.engagebridge.sandbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The sandbox's starting behaviour; faults and limits can be changed at run time through {@code /admin}. */
@ConfigMapping(prefix = "sandbox")
public interface SandboxConfig {

    /** The two redeem paths Voyado documents (see engage-client's {@code RedeemPath}). */
    enum RedeemPath {
        /** Voyado's current v3 API reference. */
        PROMOTION_ASSIGNMENTS("/api/v3/promotion-assignments/{id}/redeem"),
        /** The path the integration guide still names. */
        PROMOTIONS_CODES("/api/v3/promotions/codes/{id}/redeem");

        private final String template;

        RedeemPath(String template) {
            this.template = template;
        }

        public String template() {
            return template;
        }

        /** As written in configuration: {@code promotion-assignments}, {@code promotions-codes}. */
        public String setting() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

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

    /**
     * The one redeem path served (env SANDBOX_REDEEM_PATH, else ENGAGE_REDEEM_PATH, as the services read it); the
     * other answers 404, so a client set to another path than the tenant's shows in a local run.
     */
    @WithDefault("promotion-assignments")
    RedeemPath redeemPath();

    /** Load a few contacts and promotions at start. */
    @WithDefault("true")
    boolean demoData();
}

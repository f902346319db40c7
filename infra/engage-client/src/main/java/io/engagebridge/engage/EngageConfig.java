package io.engagebridge.engage;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How to reach Engage. The REST client reads its URL from {@code quarkus.rest-client.engage.url=${engage.base-url}}.
 * The URL and the key have no default in production: {@link EngageSettings} checks them at start-up.
 */
@ConfigMapping(prefix = "engage")
public interface EngageConfig {

    /**
     * Tenant base URL, e.g. {@code https://tenant.staging.voyado.com} (env ENGAGE_BASE_URL). Required: https, or http
     * to this machine or to a {@link #plainHttpHosts()} host. Read it checked from {@link EngageSettings}.
     */
    Optional<String> baseUrl();

    /** The API key (env ENGAGE_API_KEY). Required; never logged. Read it checked from {@link EngageSettings}. */
    Optional<String> apiKey();

    /**
     * Hosts besides this machine's loopback that Engage may be reached on over plain http (env
     * ENGAGE_PLAIN_HTTP_HOSTS): the sandbox of a trial cluster. Never a tenant: the key would cross the network in clear.
     */
    Optional<List<String>> plainHttpHosts();

    /** Header that carries the key: {@code apikey} per the API docs, {@code x-api-key} on one public page. */
    @WithDefault("apikey")
    String apiKeyHeader();

    /** Mandatory User-Agent, {@code <System>/<version>}. */
    @WithDefault("engage-bridge/0.1.0")
    String userAgent();

    /** Redeem path: {@code promotion-assignments} (v3 reference) or {@code promotions-codes} (integration guide); see {@link RedeemPath}. */
    @WithDefault("promotion-assignments")
    RedeemPath redeemPath();

    /** The API key's rate budget, shared by every request to Engage from every service and replica. */
    RateLimit rateLimit();

    /**
     * Voyado counts requests per API key: about 50/s is the normal-operation ceiling, 429 above the hard limit.
     * See {@link EngageRateBudget}.
     */
    interface RateLimit {

        /** Requests per second to Engage for this API key, all services and replicas together. */
        @WithDefault("45")
        double budget();

        /** Fraction of the budget kept free so timer jitter never lets one second exceed it. */
        @WithDefault("0.03")
        double headroom();

        /**
         * The shared budget database, a reactive PostgreSQL URL ({@code postgresql://host:5432/engage}) that every
         * service using this key can reach. Unset: each service keeps its share of the budget in its own database.
         */
        Optional<String> databaseUrl();

        /** User for the shared budget database (defaults to the service's datasource user). */
        Optional<String> databaseUsername();

        /** Password for the shared budget database (defaults to the service's datasource password). */
        Optional<String> databasePassword();

        /**
         * This service's share of the budget when there is no shared budget database, or while it cannot be
         * reached. The shares of all services using the key must add up to at most 1.
         */
        @WithDefault("0.33")
        double fallbackShare();

        /** After the shared budget database failed, how long the service uses its share before trying it again. */
        @WithDefault("10s")
        Duration sharedRetry();

        /** Longest a live call waits for a slot; past it, it fails at once as rate-limited (its caller falls back). */
        @WithDefault("1s")
        Duration liveMaxWait();

        /** Background calls (the outbox relay) book slots at most this far ahead, so live calls never queue long. */
        @WithDefault("150ms")
        Duration backgroundHorizon();

        /** How long every caller of the key pauses after a 429 that carries no {@code Retry-After}. */
        @WithDefault("5s")
        Duration pause();
    }
}

package io.engagebridge.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Gateway settings; the in-memory cache sizes are quarkus.cache.caffeine."<name>".* keys. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Retry-After sent with 503 when a service fails and no copy is kept. */
    @WithDefault("30")
    int retryAfterSeconds();

    /** The claim of a customer token that holds the contact's Engage id. */
    @WithDefault("contact_id")
    String contactClaim();

    /** The My Pages cache, in memory or shared in Redis. */
    Cache cache();

    interface Cache {

        /** How long a fresh copy of a My Pages read is served without asking the service. */
        @WithDefault("60s")
        Duration ttl();

        /** How long the last good copy is kept, to be served marked stale when a service fails. */
        @WithDefault("24h")
        Duration lastGoodTtl();

        /** Start of every key the gateways write to a shared Redis, so other users of that Redis are left alone. */
        @WithDefault("engage-bridge:gateway")
        String redisKeyPrefix();
    }
}

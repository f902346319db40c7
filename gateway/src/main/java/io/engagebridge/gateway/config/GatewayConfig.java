package io.engagebridge.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Gateway settings; the cache sizes and expiries are quarkus.cache.caffeine."<name>".* keys. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Retry-After sent with 503 when a service fails and no copy is kept. */
    @WithDefault("30")
    int retryAfterSeconds();

    /** The claim of a customer token that holds the contact's Engage id. */
    @WithDefault("contact_id")
    String contactClaim();
}

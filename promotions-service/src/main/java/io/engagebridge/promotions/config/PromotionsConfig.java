package io.engagebridge.promotions.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** promotions-service settings. */
@ConfigMapping(prefix = "promotions")
public interface PromotionsConfig {

    /** How long the relay leaves a redemption alone while it is tried live (longer than the live timeout). */
    @WithDefault("30s")
    Duration liveRedeemGrace();

    /** Retry-After sent with 503 when Engage fails and no copy of the promotions exists. */
    @WithDefault("30")
    int unavailableRetryAfterSeconds();
}

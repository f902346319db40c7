package io.engagebridge.gateway.config;

import java.time.Duration;
import java.util.List;

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

    /** What a customer may change on their own contact. */
    MyPages myPages();

    /** What a till or the e-com back end may change on any contact. */
    Pos pos();

    interface MyPages {

        /**
         * Attribute paths a customer may set or clear through PATCH /api/v1/me/profile; {@code p.*} allows {@code p}
         * and everything inside it. Never memberNumber, externalId, socialSecurityNumber or contactType.
         */
        @WithDefault("firstName,lastName,"
                + "street,careOf,zipCode,city,countryCode,"
                + "address.street,address.careOf,address.zipCode,address.city,address.countryCode,"
                + "mobilePhone,email,preferences.*,consents.*")
        List<String> changeableAttributes();
    }

    interface Pos {

        /**
         * Attribute paths a POS token may set or clear through PATCH /api/v1/contacts/{id}: by default what a customer
         * may, plus the loyalty keys a till registers (memberNumber, externalId). Never contactType (use /upgrade).
         */
        @WithDefault("${gateway.my-pages.changeable-attributes},memberNumber,externalId")
        List<String> changeableAttributes();
    }

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

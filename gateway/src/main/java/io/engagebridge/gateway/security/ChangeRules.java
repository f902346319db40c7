package io.engagebridge.gateway.security;

import java.util.Set;

import jakarta.inject.Singleton;

import io.engagebridge.gateway.config.GatewayConfig;
import io.quarkus.runtime.Startup;

/**
 * The allow-lists of contact changes, read from config once at start: a list that is malformed, names contactType,
 * or lets a customer change a key other systems find them by, stops the gateway with the config key named.
 */
@Startup
@Singleton
public class ChangeRules {

    static final String MY_PAGES_KEY = "gateway.my-pages.changeable-attributes";
    static final String POS_KEY = "gateway.pos.changeable-attributes";

    /** Keys a customer never changes: the till and the e-com back end find the customer by them. */
    static final Set<String> NEVER_BY_CUSTOMERS = Set.of("memberNumber", "externalId", "socialSecurityNumber");

    private final AttributeAllowList myPages;
    private final AttributeAllowList pos;

    public ChangeRules(GatewayConfig config) {
        this.myPages = AttributeAllowList.of(MY_PAGES_KEY, config.myPages().changeableAttributes());
        this.pos = AttributeAllowList.of(POS_KEY, config.pos().changeableAttributes());
        for (String key : NEVER_BY_CUSTOMERS) {
            if (myPages.mentions(key)) {
                throw new IllegalArgumentException(MY_PAGES_KEY + " names " + key + ": a customer never changes " + key);
            }
        }
    }

    /** What a customer may change on their own contact. */
    public AttributeAllowList myPages() {
        return myPages;
    }

    /** What a POS token may change on any contact. */
    public AttributeAllowList pos() {
        return pos;
    }
}

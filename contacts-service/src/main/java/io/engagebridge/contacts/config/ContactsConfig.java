package io.engagebridge.contacts.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** contacts-service settings. */
@ConfigMapping(prefix = "contacts")
public interface ContactsConfig {

    /** Country code given to national phone numbers (leading 0), e.g. +46. */
    @WithDefault("+46")
    String defaultCountryCode();

    /** Contact type that {@code POST /contacts/{id}/upgrade} moves a contact to. */
    @WithDefault("Member")
    String upgradeContactType();

    /** On MultipleMatches, the contact type preferred; ties go to the smallest contactId. */
    @WithDefault("Member")
    String preferredContactType();

    /** Most queued creations sent in one bulk request (Engage takes at most 4000). */
    @WithDefault("4000")
    int bulkSize();

    /** Wait between tries to learn the contactId of a contact created in bulk. */
    @WithDefault("30s")
    Duration resolveRetry();

    /** After this long without the contact appearing in Engage, its resolution is given up (DEAD). */
    @WithDefault("24h")
    Duration resolveGiveUpAfter();

    /** Retry-After sent with 503 when Engage cannot be reached and nothing can be queued. */
    @WithDefault("30")
    int unavailableRetryAfterSeconds();
}

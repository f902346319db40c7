package io.engagebridge.contacts.config;

import java.time.Duration;
import java.util.List;

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

    /**
     * Escalating waits between polls of a bulk batch's status and between lookups of a contact not imported yet,
     * chosen by the message's age (Voyado: background work retries late); the last step repeats.
     */
    @WithDefault("10s,30s,60s,300s")
    List<Duration> resolveSchedule();

    /** After this long without a bulk batch finishing or a contact appearing in Engage, it is given up (DEAD). */
    @WithDefault("24h")
    Duration resolveGiveUpAfter();

    /** Retry-After sent with 503 when Engage cannot be reached and nothing can be queued. */
    @WithDefault("30")
    int unavailableRetryAfterSeconds();
}

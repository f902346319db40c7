package io.engagebridge.contacts.service;

import java.time.Duration;
import java.util.List;

import io.engagebridge.contacts.config.ContactsConfig;

/** contacts-service's configuration as application.properties gives it, for unit tests that build beans by hand. */
record TestContactsConfig(List<Duration> resolveSchedule) implements ContactsConfig {

    static TestContactsConfig withResolveSchedule(Duration... steps) {
        return new TestContactsConfig(List.of(steps));
    }

    @Override
    public String defaultCountryCode() {
        return "+46";
    }

    @Override
    public String upgradeContactType() {
        return "Member";
    }

    @Override
    public String preferredContactType() {
        return "Member";
    }

    @Override
    public int bulkSize() {
        return 4000;
    }

    @Override
    public Duration resolveGiveUpAfter() {
        return Duration.ofHours(24);
    }

    @Override
    public int unavailableRetryAfterSeconds() {
        return 30;
    }
}

package io.engagebridge.contacts.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.engagebridge.contacts.config.ContactsConfig;
import io.engagebridge.outbox.SendFailed;

/**
 * Escalating waits for work that polls Engage until something is ready (a bulk batch, a bulk-created contact).
 * A "not yet" does not count attempts, so the wait is derived from the message's age: younger than the first
 * step waits the first step, younger than the first two steps waits the second, and so on; the last step repeats.
 * Past {@code contacts.resolve-give-up-after} the work is given up.
 */
@ApplicationScoped
public class AgeSchedule {

    private final List<Duration> steps;
    private final Duration giveUpAfter;

    public AgeSchedule(ContactsConfig config) {
        this.steps = List.copyOf(config.resolveSchedule());
        this.giveUpAfter = config.resolveGiveUpAfter();
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("contacts.resolve-schedule needs at least one wait");
        }
    }

    /** The first wait. */
    public Duration first() {
        return steps.get(0);
    }

    /** The wait for something first asked for {@code age} ago. */
    public Duration after(Duration age) {
        Duration elapsed = Duration.ZERO;
        for (Duration step : steps) {
            elapsed = elapsed.plus(step);
            if (age.compareTo(elapsed) < 0) {
                return step;
            }
        }
        return steps.get(steps.size() - 1);
    }

    /** "Not yet" with the escalating wait, or "give up" once the message is too old. */
    public SendFailed notYet(OffsetDateTime since, String waitingFor, String givenUp) {
        Duration age = Duration.between(since, OffsetDateTime.now());
        if (age.compareTo(giveUpAfter) > 0) {
            return SendFailed.giveUp(givenUp + " (after " + age.toMinutes() + " min)");
        }
        return SendFailed.notYet(waitingFor, after(age));
    }
}

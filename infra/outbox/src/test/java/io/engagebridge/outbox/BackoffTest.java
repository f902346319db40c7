package io.engagebridge.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The waits between a message's attempts, without Quarkus. */
class BackoffTest {

    private static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(300));
    private static final int DRAWS = 500;

    @Test
    void eachAttemptWaitsItsStep() {
        Backoff backoff = new Backoff(SCHEDULE, 0.2);

        assertThat(backoff.base(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.base(2)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.base(3)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.base(4)).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void theLastStepRepeats() {
        Backoff backoff = new Backoff(SCHEDULE, 0.2);

        assertThat(backoff.base(5)).isEqualTo(Duration.ofSeconds(300));
        assertThat(backoff.base(99)).isEqualTo(Duration.ofSeconds(300));
        assertThat(backoff.base(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void anAttemptBelowOneWaitsTheFirstStep() {
        Backoff backoff = new Backoff(SCHEDULE, 0.2);

        assertThat(backoff.base(0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.base(-3)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aSingleStepIsEveryWait() {
        Backoff backoff = new Backoff(List.of(Duration.ofMinutes(1)), 0);

        assertThat(List.of(backoff.next(1), backoff.next(2), backoff.next(50))).containsOnly(Duration.ofMinutes(1));
    }

    @Test
    void needsAtLeastOneStep() {
        assertThatThrownBy(() -> new Backoff(List.of(), 0.2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("outbox.backoff needs at least one wait");
    }

    @Test
    void keepsItsOwnCopyOfTheSchedule() {
        List<Duration> steps = new ArrayList<>(SCHEDULE);
        Backoff backoff = new Backoff(steps, 0);

        steps.set(0, Duration.ofHours(1));

        assertThat(backoff.base(1)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void withoutJitterEachWaitIsExactlyItsStep() {
        Backoff backoff = new Backoff(SCHEDULE, 0);

        for (int attempt = 1; attempt <= 6; attempt++) {
            for (int i = 0; i < 20; i++) {
                assertThat(backoff.next(attempt)).isEqualTo(backoff.base(attempt));
            }
        }
    }

    @Test
    void aNegativeJitterMeansNone() {
        Backoff backoff = new Backoff(SCHEDULE, -0.5);

        for (int i = 0; i < 20; i++) {
            assertThat(backoff.next(2)).isEqualTo(Duration.ofSeconds(30));
        }
    }

    @Test
    void jitterSpreadsEachWaitWithinItsBounds() {
        Backoff backoff = new Backoff(List.of(Duration.ofSeconds(10), Duration.ofSeconds(300)), 0.2);
        for (int i = 0; i < DRAWS; i++) {
            assertThat(backoff.next(1).toMillis()).isBetween(8_000L, 12_000L);
            assertThat(backoff.next(7).toMillis()).isBetween(240_000L, 360_000L);
        }
    }

    /** With 500 draws, all on one side of the step or all equal has a chance of about 2^-499: not a flaky test. */
    @Test
    void jitterSpreadsBothWays() {
        Backoff backoff = new Backoff(SCHEDULE, 0.2);
        Set<Long> waits = new HashSet<>();
        for (int i = 0; i < DRAWS; i++) {
            waits.add(backoff.next(1).toMillis());
        }

        assertThat(waits).anyMatch(w -> w < 10_000L).anyMatch(w -> w > 10_000L);
        assertThat(waits.size()).isGreaterThan(DRAWS / 2);
    }

    @Test
    void jitterAboveOneIsCappedAtOne() {
        Backoff backoff = new Backoff(SCHEDULE, 5);
        for (int i = 0; i < DRAWS; i++) {
            assertThat(backoff.next(1).toMillis()).isBetween(0L, 20_000L);
        }
    }
}

package io.engagebridge.contacts.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

import io.engagebridge.outbox.SendFailure;

class AgeScheduleTest {

    private final AgeSchedule schedule = new AgeSchedule(TestContactsConfig.withResolveSchedule(Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(300)));

    @Test
    void waitsGrowWithTheAgeOfWhatIsAwaitedAndTheLastStepRepeats() {
        assertThat(schedule.after(Duration.ZERO)).hasSeconds(10);
        assertThat(schedule.after(Duration.ofSeconds(15))).hasSeconds(30);
        assertThat(schedule.after(Duration.ofSeconds(45))).hasSeconds(60);
        assertThat(schedule.after(Duration.ofSeconds(100))).hasSeconds(300);
        assertThat(schedule.after(Duration.ofHours(5))).hasSeconds(300);
    }

    @Test
    void pastTheGiveUpAgeItGivesUp() {
        assertThat(schedule.notYet(OffsetDateTime.now().minusMinutes(1), "waiting", "given up").failure())
                .isEqualTo(new SendFailure.NotYet("waiting", Duration.ofSeconds(60)));
        assertThat(schedule.notYet(OffsetDateTime.now().minusHours(25), "waiting", "given up").failure())
                .isInstanceOf(SendFailure.GiveUp.class).extracting(SendFailure::reason).asString()
                .startsWith("given up");
    }
}

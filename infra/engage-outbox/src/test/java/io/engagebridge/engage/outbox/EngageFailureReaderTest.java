package io.engagebridge.engage.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.engagebridge.engage.EngageErrors;
import io.engagebridge.engage.EngageExpectedException;
import io.engagebridge.engage.EngageRateLimitedException;
import io.engagebridge.engage.EngageRejectedException;
import io.engagebridge.engage.EngageUnavailableException;
import io.engagebridge.outbox.SendFailure;

/** Every Engage failure mode, read as the relay acts on it. */
class EngageFailureReaderTest {

    private final EngageFailureReader reader = new EngageFailureReader();

    @Test
    void noAnswerAndServerErrorsAreRetriedAndCountTowardsAnOutage() {
        assertThat(reader.read(new EngageUnavailableException(0, null, "connection reset", null, null, null)))
                .contains(new SendFailure.Failed("no answer: connection reset", Duration.ZERO, true));
        for (int status : new int[] { 500, 503, 504 }) {
            assertThat(reader.read(new EngageUnavailableException(status, null, "down", null, null, null)))
                    .contains(new SendFailure.Failed(status + ": down", Duration.ZERO, true));
        }
    }

    @Test
    void refusedCredentialsAreRetriedButAreAnAnswer() {
        assertThat(reader.read(new EngageUnavailableException(401, null, "key refused", null, null, null)))
                .contains(new SendFailure.Failed("401: key refused", Duration.ZERO, false));
    }

    @Test
    void aTooManyRequestsWaitsWhatEngageAsked() {
        assertThat(reader.read(new EngageRateLimitedException(null, "slow down", null, Duration.ofSeconds(40))))
                .contains(new SendFailure.RateLimited("429: slow down", Duration.ofSeconds(40)));
    }

    @Test
    void rejectedDataAndBusinessAnswersGiveUpWithEngagesReason() {
        assertThat(reader.read(new EngageRejectedException(422, "InvalidStore", "Unknown store S9", "{}")))
                .contains(new SendFailure.GiveUp("Engage rejected it: 422 InvalidStore: Unknown store S9"));
        assertThat(reader.read(new EngageExpectedException(409, "PromotionAlreadyRedeemed", "used", null)))
                .containsInstanceOf(SendFailure.GiveUp.class);
    }

    @Test
    void anEngageFailureIsFoundUnderWrappers() {
        assertThat(reader.read(new CompletionException(
                new EngageUnavailableException(503, null, "down", null, null, null))))
                .containsInstanceOf(SendFailure.Failed.class);
    }

    @Test
    void whatDidNotComeFromEngageSaysNothingOfIt() {
        assertThat(reader.read(new IllegalStateException("a bug"))).isEmpty();
        assertThat(reader.read(new EngageUnavailableException(0, EngageErrors.RATE_BUDGET_UNAVAILABLE,
                "budget database down", null, null, null))).isEmpty();
    }
}

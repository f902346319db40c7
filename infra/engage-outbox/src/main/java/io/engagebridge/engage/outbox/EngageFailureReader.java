package io.engagebridge.engage.outbox;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.engagebridge.engage.EngageErrors;
import io.engagebridge.engage.EngageException;
import io.engagebridge.outbox.FailureReader;
import io.engagebridge.outbox.SendFailure;

/**
 * What an Engage failure means to the outbox relay. Rejected data and documented business answers will never go
 * through: DEAD, with Engage's reason. A 429 waits Retry-After. Anything else is tried again; no answer at all or a
 * 5xx counts towards an outage, while 401/403/408 are answers (credentials are an operator's fix, nothing should
 * die of them). A failure of the key's rate-budget database did not come from Engage, so it says nothing of it.
 */
@ApplicationScoped
public class EngageFailureReader implements FailureReader {

    @Override
    public Optional<SendFailure> read(Throwable failure) {
        return EngageErrors.find(failure)
                .filter(engage -> !engage.hasCode(EngageErrors.RATE_BUDGET_UNAVAILABLE))
                .map(EngageFailureReader::meaning);
    }

    private static SendFailure meaning(EngageException engage) {
        Duration asked = engage.retryAfter().orElse(Duration.ZERO);
        return switch (engage.failureClass()) {
            case REJECTED, EXPECTED -> new SendFailure.GiveUp("Engage rejected it: " + engage.summary());
            case RATE_LIMITED -> new SendFailure.RateLimited(engage.summary(), asked);
            case RETRYABLE -> new SendFailure.Failed(engage.summary(), asked,
                    engage.status() == 0 || engage.status() >= 500);
        };
    }
}

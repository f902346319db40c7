package io.engagebridge.promotions.engage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import io.engagebridge.engage.EngageClient;
import io.engagebridge.engage.EngageUnavailableException;
import io.engagebridge.engage.model.PromotionAssignments;
import io.engagebridge.engage.model.RedeemResult;
import io.smallrye.mutiny.Uni;

/**
 * Live promotion calls made while a till or My Pages waits. Reading retries once; redeeming does not retry here:
 * a redemption whose outcome is unknown (504, timeout) is finished by the outbox relay, where Engage's
 * "already redeemed" answer then means success. Only Engage being unavailable trips the breakers: an answer that
 * cannot be read (REJECTED, UnreadableAnswer) is neither retried nor counted.
 */
@ApplicationScoped
public class PromotionsEngage {

    private final EngageClient engage;

    public PromotionsEngage(EngageClient engage) {
        this.engage = engage;
    }

    @Timeout(2000)
    @Retry(maxRetries = 1, delay = 200, retryOn = { EngageUnavailableException.class,
            org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class })
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10000, failOn = {
            EngageUnavailableException.class, org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class })
    public Uni<PromotionAssignments> assignments(String contactId, String channel) {
        return engage.promotionAssignments(contactId, channel);
    }

    @Timeout(5000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10000, failOn = {
            EngageUnavailableException.class, org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class })
    public Uni<RedeemResult> redeem(String assignmentId, String channel) {
        return engage.redeem(assignmentId, channel);
    }
}

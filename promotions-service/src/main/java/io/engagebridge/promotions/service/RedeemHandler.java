package io.engagebridge.promotions.service;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.engagebridge.engage.EngageClient;
import io.engagebridge.outbox.GiveUp;
import io.engagebridge.outbox.OutboxHandler;
import io.engagebridge.outbox.OutboxMessage;
import io.engagebridge.promotions.repository.Redemptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Finishes a redemption Engage did not confirm live. This is always a retry of ours (the live call went first), so
 * 409 PromotionAlreadyRedeemed means our earlier attempt went through: success.
 */
@ApplicationScoped
public class RedeemHandler implements OutboxHandler {

    private final EngageClient engage;
    private final Redemptions redemptions;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    public RedeemHandler(EngageClient engage, Redemptions redemptions, ObjectMapper json, MeterRegistry metrics) {
        this.engage = engage;
        this.redemptions = redemptions;
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    public String kind() {
        return RedemptionService.REDEEM;
    }

    @Override
    public Uni<Void> handle(OutboxMessage message) {
        RedemptionService.RedeemMessage redeem;
        try {
            redeem = json.readValue(message.payload(), RedemptionService.RedeemMessage.class);
        } catch (Exception e) {
            return Uni.createFrom().failure(new GiveUp("Unreadable promotion.redeem payload: " + e.getMessage()));
        }
        return engage.redeem(redeem.assignmentId(), redeem.channel())
                .invoke(result -> metrics.counter("promotions.redemptions", "outcome", "replayed-" + result.name()
                        .toLowerCase(java.util.Locale.ROOT)).increment())
                .chain(() -> redemptions.markRedeemed(redeem.assignmentId()));
    }
}

package io.engagebridge.promotions.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.engagebridge.engage.EngageClient;
import io.engagebridge.outbox.MessageKind;
import io.engagebridge.outbox.OutboxHandler;
import io.engagebridge.outbox.OutboxMessage;
import io.engagebridge.promotions.repository.RedemptionRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Finishes a redemption Engage did not confirm live. This is always a retry of ours (the live call went first), so
 * 409 PromotionAlreadyRedeemed means our earlier attempt went through: success.
 */
@ApplicationScoped
public class RedeemHandler implements OutboxHandler<RedeemHandler.Redeem> {

    public static final MessageKind<Redeem> KIND = MessageKind.of("promotion.redeem", Redeem.class);

    /** A redemption to finish in Engage. */
    public record Redeem(String assignmentId, String channel) {
    }


    private final EngageClient engage;
    private final RedemptionRepository redemptions;
    private final MeterRegistry metrics;

    public RedeemHandler(EngageClient engage, RedemptionRepository redemptions, MeterRegistry metrics) {
        this.engage = engage;
        this.redemptions = redemptions;
        this.metrics = metrics;
    }

    @Override
    public MessageKind<Redeem> kind() {
        return KIND;
    }

    @Override
    public Uni<Void> handle(OutboxMessage<Redeem> message) {
        Redeem redeem = message.payload();
        return engage.redeem(redeem.assignmentId(), redeem.channel())
                .invoke(result -> metrics.counter("promotions.redemptions", "outcome", "replayed-" + result.name()
                        .toLowerCase(java.util.Locale.ROOT)).increment())
                .chain(() -> redemptions.markRedeemed(redeem.assignmentId()));
    }
}

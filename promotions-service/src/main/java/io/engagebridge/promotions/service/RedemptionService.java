package io.engagebridge.promotions.service;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.engagebridge.api.promotions.RedemptionResult;
import io.engagebridge.engage.EngageCodes;
import io.engagebridge.engage.EngageErrors;
import io.engagebridge.engage.EngageException;
import io.engagebridge.engage.model.PromotionAssignment;
import io.engagebridge.engage.model.RedeemResult;
import io.engagebridge.outbox.Outbox;
import io.engagebridge.promotions.config.PromotionsConfig;
import io.engagebridge.promotions.engage.PromotionsEngage;
import io.engagebridge.promotions.repository.AssignmentCopyRepository;
import io.engagebridge.promotions.repository.RedemptionRepository;
import io.engagebridge.web.ApiException;
import io.engagebridge.web.Channel;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Redemption that can never be used twice: the local redemption and its outbox message commit before anything
 * else, so a second redeem is refused at once even while Engage is down. Then Engage is asked right away; when it
 * cannot answer, the relay finishes the redemption later.
 */
@ApplicationScoped
public class RedemptionService {

    private static final Logger LOG = Logger.getLogger(RedemptionService.class);

    private final Pool pool;
    private final RedemptionRepository redemptions;
    private final AssignmentCopyRepository copies;
    private final Outbox outbox;
    private final PromotionsEngage engage;
    private final PromotionsConfig config;
    private final MeterRegistry metrics;

    public RedemptionService(Pool pool, RedemptionRepository redemptions, AssignmentCopyRepository copies, Outbox outbox,
            PromotionsEngage engage, PromotionsConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.redemptions = redemptions;
        this.copies = copies;
        this.outbox = outbox;
        this.engage = engage;
        this.config = config;
        this.metrics = metrics;
    }


    public Uni<RedemptionResult> redeem(String assignmentId, String contactId, Channel channel, String uniqueReceiptId) {
        return checkKnown(assignmentId, contactId, channel)
                .chain(() -> reserve(assignmentId, contactId, channel, uniqueReceiptId))
                .chain(messageId -> askEngage(assignmentId, channel, messageId));
    }

    /** Refuses what is known to be wrong: another contact's assignment, a channel it is not valid in, expired. */
    private Uni<Void> checkKnown(String assignmentId, String contactId, Channel channel) {
        return copies.holding(assignmentId).invoke(holders -> {
            if (holders.isEmpty()) {
                return;
            }
            Optional<PromotionAssignment> own = holders.stream().filter(c -> c.contactId().equals(contactId))
                    .flatMap(c -> c.assignments().stream()).filter(a -> assignmentId.equals(a.id())).findFirst();
            if (own.isEmpty()) {
                throw outcome("promotion.refused", new ApiException(404, "Not found",
                        "Promotion " + assignmentId + " is not assigned to this contact",
                        EngageCodes.PROMOTION_NOT_ASSOCIATED_WITH_CONTACT, null));
            }
            if (!own.get().allows(channel.name())) {
                throw outcome("promotion.refused", ApiException.conflict("Promotion " + assignmentId
                        + " cannot be redeemed in " + channel, EngageCodes.PROMOTION_NOT_VALID_FOR_REDEMPTION_CHANNEL));
            }
            if (expired(own.get())) {
                throw outcome("promotion.refused", ApiException.conflict("Promotion " + assignmentId + " expired on "
                        + own.get().expiresOn(), "PromotionExpired"));
            }
        }).replaceWithVoid();
    }

    /** The local redemption and its outbox message, together; a second redeem of the assignment fails here. */
    private Uni<Long> reserve(String assignmentId, String contactId, Channel channel, String uniqueReceiptId) {
        return pool.withTransaction(tx -> outbox.enqueue(tx, RedeemHandler.KIND, "assignment:" + assignmentId,
                new RedeemHandler.Redeem(assignmentId, channel.name()), config.liveRedeemGrace())
                .call(messageId -> redemptions.insertIfNew(tx, assignmentId, contactId, channel.name(),
                        uniqueReceiptId, messageId).invoke(inserted -> {
                            if (!inserted) {
                                throw outcome("already-redeemed", ApiException.conflict("Promotion " + assignmentId
                                        + " is already redeemed", EngageCodes.PROMOTION_ALREADY_REDEEMED));
                            }
                        })));
    }

    private Uni<RedemptionResult> askEngage(String assignmentId, Channel channel, long messageId) {
        return engage.redeem(assignmentId, channel.name())
                .chain(result -> result == RedeemResult.REDEEMED ? done(assignmentId, messageId)
                        : undo(assignmentId, messageId, ApiException.conflict("Promotion " + assignmentId
                                + " was already redeemed in Engage", EngageCodes.PROMOTION_ALREADY_REDEEMED)))
                .onFailure(EngageErrors::isUnavailable).recoverWithUni(failure -> {
                    LOG.infof("Redemption of %s pending: Engage did not confirm (%s), the relay finishes it", assignmentId,
                            failure.getMessage());
                    metrics.counter("promotions.redemptions", "outcome", "pending").increment();
                    return outbox.dueNow(messageId).replaceWith(new RedemptionResult(assignmentId, "PENDING"));
                })
                .onFailure(EngageException.class).recoverWithUni(failure -> undo(assignmentId, messageId,
                        EngageErrors.asApiError(failure)));
    }

    private Uni<RedemptionResult> done(String assignmentId, long messageId) {
        metrics.counter("promotions.redemptions", "outcome", "redeemed").increment();
        LOG.infof("Promotion %s redeemed in Engage", assignmentId);
        return pool.withTransaction(tx -> redemptions.markRedeemed(tx, assignmentId)
                .chain(() -> outbox.complete(tx, messageId)))
                .replaceWith(new RedemptionResult(assignmentId, "REDEEMED"));
    }

    /** Engage refused on the first try: the local redemption is taken back and the caller told why. */
    private Uni<RedemptionResult> undo(String assignmentId, long messageId, Throwable why) {
        metrics.counter("promotions.redemptions", "outcome", "refused").increment();
        return pool.withTransaction(tx -> redemptions.delete(tx, assignmentId)
                .chain(() -> outbox.cancel(tx, messageId)))
                .chain(() -> Uni.createFrom().failure(why));
    }

    private ApiException outcome(String outcome, ApiException e) {
        metrics.counter("promotions.redemptions", "outcome", outcome).increment();
        return e;
    }

    private static boolean expired(PromotionAssignment a) {
        if (a.expiresOn() == null) {
            return false;
        }
        try {
            return OffsetDateTime.parse(a.expiresOn()).isBefore(OffsetDateTime.now());
        } catch (DateTimeParseException e) {
            return false;
        }
    }

}

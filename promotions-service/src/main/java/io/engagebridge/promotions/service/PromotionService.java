package io.engagebridge.promotions.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.engagebridge.api.promotions.PromotionList;
import io.engagebridge.engage.EngageClient;
import io.engagebridge.engage.EngageCodes;
import io.engagebridge.engage.EngageErrors;
import io.engagebridge.engage.EngageException;
import io.engagebridge.engage.model.PromotionAssignment;
import io.engagebridge.engage.model.PromotionAssignments;
import io.engagebridge.web.Channel;
import io.engagebridge.promotions.config.PromotionsConfig;
import io.engagebridge.promotions.engage.PromotionsEngage;
import io.engagebridge.promotions.repository.AssignmentCopyRepository;
import io.engagebridge.promotions.repository.RedemptionRepository;
import io.engagebridge.web.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * A contact's active promotions per channel, from Engage; the last answer is kept and served, marked stale, when
 * Engage fails, so the till can still offer promotions. Whatever was redeemed here is never offered again.
 * <p>
 * One assignment Engage sends in a shape we cannot read is left out (WARN, {@code promotions.assignments.unreadable});
 * the others are served. A whole answer that cannot be read is an Engage failure of its own kind: the last copy is
 * served as when Engage is down, else 502 (not 503: Engage answered, and breakers do not count it).
 */
@ApplicationScoped
public class PromotionService {

    private static final Logger LOG = Logger.getLogger(PromotionService.class);
    static final String ALL = "ALL";
    private static final Predicate<Throwable> IS_UNREADABLE_ANSWER = EngageClient.isCode(EngageCodes.UNREADABLE_ANSWER);
    /** What the last copy stands in for: Engage unavailable, or an answer that cannot be read. */
    private static final Predicate<Throwable> SERVE_THE_COPY = IS_UNREADABLE_ANSWER.or(EngageErrors::isUnavailable);

    private final PromotionsEngage engage;
    private final AssignmentCopyRepository copies;
    private final RedemptionRepository redemptions;
    private final PromotionsConfig config;
    private final MeterRegistry metrics;

    public PromotionService(PromotionsEngage engage, AssignmentCopyRepository copies, RedemptionRepository redemptions,
            PromotionsConfig config, MeterRegistry metrics) {
        this.engage = engage;
        this.copies = copies;
        this.redemptions = redemptions;
        this.config = config;
        this.metrics = metrics;
    }

    public Uni<PromotionList> active(String contactId, Channel channel) {
        String copyKey = channel == null ? ALL : channel.name();
        return engage.assignments(contactId, channel == null ? null : channel.name())
                .invoke(answer -> answer.unreadable().forEach(this::skipped))
                .map(PromotionAssignments::readable)
                .call(assignments -> copies.keep(contactId, copyKey, assignments))
                .chain(assignments -> withoutRedeemed(contactId, assignments)
                        .map(items -> new PromotionList(contactId, copyKey, answered(items), false, OffsetDateTime.now(),
                                0)))
                .onFailure(SERVE_THE_COPY).recoverWithUni(failure -> staleCopy(contactId, copyKey, failure))
                .onFailure(EngageException.class).transform(EngageErrors::asApiError);
    }

    private void skipped(PromotionAssignments.Unreadable assignment) {
        LOG.warnf("Engage sent assignment %s in a shape we cannot read (%s): left out, the others are served",
                assignment.id(), assignment.reason());
        metrics.counter("promotions.assignments.unreadable").increment();
    }

    private Uni<PromotionList> staleCopy(String contactId, String copyKey, Throwable failure) {
        return copies.find(contactId, copyKey).chain(copy -> {
            if (copy.isEmpty()) {
                return Uni.createFrom().failure(noCopy(failure));
            }
            long age = Duration.between(copy.get().fetchedAt(), OffsetDateTime.now()).toSeconds();
            LOG.infof("Engage failed (%s): serving promotions fetched %d s ago", failure.getMessage(), age);
            metrics.counter("promotions.stale.served").increment();
            return withoutRedeemed(contactId, copy.get().assignments()).map(items -> new PromotionList(contactId,
                    copyKey, answered(items), true, copy.get().fetchedAt(), age));
        });
    }

    private ApiException noCopy(Throwable failure) {
        if (IS_UNREADABLE_ANSWER.test(failure)) {
            return new ApiException(502, "Bad gateway", failure.getMessage()
                    + "; no copy of these promotions is kept", EngageCodes.UNREADABLE_ANSWER, null);
        }
        return EngageErrors.unavailable(failure, " and no copy of these promotions is kept",
                config.unavailableRetryAfterSeconds());
    }

    /** Engage's assignments as our API answers them (api-model's record): every field as Engage sent it. */
    private static List<io.engagebridge.api.promotions.PromotionAssignment> answered(List<PromotionAssignment> items) {
        return items.stream().map(a -> new io.engagebridge.api.promotions.PromotionAssignment(a.id(), a.promotionId(),
                a.externalId(), a.name(), a.heading(), a.description(), a.expiresOn(), a.redeemed(), a.redeemedOn(),
                a.imageUrl(), a.link(), a.redemptionChannels() == null ? null : a.redemptionChannels().stream()
                        .map(c -> new io.engagebridge.api.promotions.PromotionAssignment.RedemptionChannel(c.type(),
                                c.valueType(), c.value(), c.instruction()))
                        .toList()))
                .toList();
    }

    private Uni<List<PromotionAssignment>> withoutRedeemed(String contactId, List<PromotionAssignment> assignments) {
        return redemptions.redeemedBy(contactId).map((Set<String> redeemed) -> assignments.stream()
                .filter(a -> !redeemed.contains(a.id()) && !Boolean.TRUE.equals(a.redeemed()))
                .toList());
    }

}

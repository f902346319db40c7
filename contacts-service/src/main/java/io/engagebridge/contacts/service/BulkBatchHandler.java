package io.engagebridge.contacts.service;

import java.time.Duration;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.engagebridge.engage.EngageClient;
import io.engagebridge.engage.EngageException;
import io.engagebridge.engage.FailureClass;
import io.engagebridge.engage.model.BulkBatchStatus;
import io.engagebridge.outbox.MessageKind;
import io.engagebridge.outbox.Outbox;
import io.engagebridge.outbox.OutboxHandler;
import io.engagebridge.outbox.OutboxMessage;
import io.engagebridge.outbox.SendFailed;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Follows one accepted bulk batch with the fewest calls: polls {@code GET contacts/bulk/status} (assumed from v2)
 * on the escalating {@link AgeSchedule} until Engage says the batch is done, then queues one {@code contact.resolve}
 * message per contact (each one lookup, so the relay paces every request through the rate budget). When the status
 * endpoint does not answer usefully (404, 405, 501, any other rejection, or a body {@link BulkBatchStatus} cannot
 * read), it falls back to those lookups, starting one schedule step later. A failed batch, or one still processing
 * after {@code contacts.resolve-give-up-after}, ends as DEAD with the reason.
 */
@ApplicationScoped
public class BulkBatchHandler implements OutboxHandler<ContactMessages.BulkBatch> {

    private static final Logger LOG = Logger.getLogger(BulkBatchHandler.class);

    /** The status endpoint is not there or not this (a tenant without it, a different path or version). */
    private static final Predicate<Throwable> STATUS_NOT_OFFERED = failure -> failure instanceof EngageException e
            && (e.status() == 404 || e.status() == 405 || e.status() == 501 || e.failureClass() == FailureClass.REJECTED);

    private final EngageClient engage;
    private final Outbox outbox;
    private final Pool pool;
    private final AgeSchedule schedule;

    public BulkBatchHandler(EngageClient engage, Outbox outbox, Pool pool, AgeSchedule schedule) {
        this.engage = engage;
        this.outbox = outbox;
        this.pool = pool;
        this.schedule = schedule;
    }

    @Override
    public MessageKind<ContactMessages.BulkBatch> kind() {
        return ContactMessages.BULK_BATCH;
    }

    @Override
    public Uni<Void> handle(OutboxMessage<ContactMessages.BulkBatch> message) {
        ContactMessages.BulkBatch batch = message.payload();
        return status(batch)
                .chain(status -> switch (status) {
                    case DONE -> resolveEach(batch, Duration.ZERO);
                    case UNKNOWN -> {
                        LOG.infof("Bulk batch %s: no usable status from Engage; its contacts are looked up instead",
                                batch.batchId());
                        yield resolveEach(batch, schedule.first());
                    }
                    case FAILED -> Uni.createFrom().failure(SendFailed.giveUp("Engage reports bulk batch " + batch.batchId()
                            + " failed: none of its " + batch.contacts().size() + " contact(s) was created"));
                    case PROCESSING -> Uni.createFrom().failure(schedule.notYet(message.createdAt(),
                            "Engage is still importing bulk batch " + batch.batchId(),
                            "Engage never finished bulk batch " + batch.batchId()));
                });
    }

    private Uni<BulkBatchStatus> status(ContactMessages.BulkBatch batch) {
        if (batch.batchId() == null || batch.batchId().isBlank()) {
            return Uni.createFrom().item(BulkBatchStatus.UNKNOWN);
        }
        return engage.bulkStatus(batch.batchId())
                .map(BulkBatchStatus::of)
                .onFailure(STATUS_NOT_OFFERED).recoverWithItem(BulkBatchStatus.UNKNOWN);
    }

    /** One {@code contact.resolve} message per contact of the batch, due after {@code notBefore}, in one transaction. */
    private Uni<Void> resolveEach(ContactMessages.BulkBatch batch, Duration notBefore) {
        return pool.withTransaction(tx -> Multi.createFrom().iterable(batch.contacts())
                .onItem().transformToUniAndConcatenate(contact -> outbox.enqueue(tx, ContactMessages.RESOLVE,
                        ResolveContactHandler.messageKey(contact), contact, notBefore))
                .collect().last())
                .replaceWithVoid();
    }

}

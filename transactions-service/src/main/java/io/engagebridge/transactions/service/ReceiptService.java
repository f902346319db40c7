package io.engagebridge.transactions.service;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.engagebridge.api.transactions.AcceptedReceipt;
import io.engagebridge.api.transactions.ReceiptStatus;
import io.engagebridge.transactions.Customer;
import io.engagebridge.transactions.client.ContactsLookup;
import io.engagebridge.transactions.repository.ReceiptRepository;
import io.engagebridge.transactions.repository.ReceiptRow;
import io.engagebridge.transactions.repository.StoreBusy;
import io.engagebridge.web.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Accepts receipts: stored with their outbox message atomically, whatever state Engage is in. The same
 * uniqueReceiptId again is answered as before when the content is the same, and refused (409) when it differs.
 */
@ApplicationScoped
public class ReceiptService {

    private static final Logger LOG = Logger.getLogger(ReceiptService.class);

    private final ReceiptRepository receipts;
    private final ReceiptReader reader;
    private final ContactsLookup contacts;
    private final MeterRegistry metrics;

    public ReceiptService(ReceiptRepository receipts, ReceiptReader reader, ContactsLookup contacts,
            MeterRegistry metrics) {
        this.receipts = receipts;
        this.reader = reader;
        this.contacts = contacts;
        this.metrics = metrics;
    }

    public Uni<AcceptedReceipt> accept(ReceiptReader.Checked checked) {
        Customer customer = checked.customer();
        Uni<Customer> known = customer.known() ? Uni.createFrom().item(customer)
                : contacts.contactId(customer, true).map(id -> id.map(customer::withContactId).orElse(customer));
        return known.chain(c -> store(checked, c));
    }

    private Uni<AcceptedReceipt> store(ReceiptReader.Checked checked, Customer customer) {
        String id = checked.receipt().uniqueReceiptId();
        return receipts.insertWithMessage(id, customer.contactId(),
                        customer.keyType() == null ? null : customer.keyType().field(), customer.keyValue(),
                        checked.request(), OffsetDateTime.parse(checked.receipt().createdDate()),
                        ReceiptSendHandler.KIND, "receipt:" + id, new ReceiptSendHandler.Send(id))
                .chain(inserted -> inserted
                        ? Uni.createFrom().item(new AcceptedReceipt(id, "QUEUED", customer.contactId()))
                                .invoke(() -> {
                                    metrics.counter("receipts.accepted").increment();
                                    LOG.infof("Receipt %s accepted, queued for Engage", id);
                                })
                        : sameAsBefore(checked))
                .onFailure(StoreBusy.class).transform(busy -> {
                    LOG.warnf("Receipt %s not stored: %s", id, busy.getMessage());
                    return ApiException.unavailable("The receipt could not be stored now (" + busy.getMessage()
                            + "). Send it again: a receipt stored meanwhile is answered as a repeat", 1);
                });
    }

    /** A repeat of a stored receipt: 202 with where it stands when the content is the same, 409 when it differs. */
    private Uni<AcceptedReceipt> sameAsBefore(ReceiptReader.Checked checked) {
        String id = checked.receipt().uniqueReceiptId();
        return receipts.find(id).map(stored -> {
            ReceiptRow row = stored.orElseThrow(() -> new IllegalStateException("Receipt " + id + " vanished"));
            if (!reader.isStored(row.request(), checked)) {
                LOG.infof("Receipt %s posted again with different content: refused (409)", id);
                throw ApiException.conflict("Receipt " + id + " was already accepted with different content",
                        "ReceiptConflict");
            }
            metrics.counter("receipts.repeated").increment();
            // where the first one stands (a till re-sending a receipt Engage already has is told SENT, not QUEUED)
            return new AcceptedReceipt(id, statusOf(row).status(), row.contactId());
        });
    }

    public Uni<ReceiptStatus> status(String uniqueReceiptId) {
        return receipts.find(uniqueReceiptId).map(found -> found.map(ReceiptService::statusOf)
                .orElseThrow(() -> ApiException.notFound("No receipt " + uniqueReceiptId)));
    }

    static ReceiptStatus statusOf(ReceiptRow r) {
        String status = "SENT".equals(r.status()) ? "SENT" : "DEAD".equals(r.messageStatus()) ? "DEAD" : "QUEUED";
        return new ReceiptStatus(r.uniqueReceiptId(), status, r.contactId(), r.attempts(), r.lastError(),
                "QUEUED".equals(status) ? r.nextAttemptAt() : null, r.acceptedAt(), r.sentAt());
    }


}

package io.engagebridge.transactions.service;

import io.engagebridge.transactions.client.ContactsLookup;
import java.time.Duration;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;


import io.engagebridge.engage.EngageClient;
import io.engagebridge.engage.model.EngageReceipt;
import io.engagebridge.engage.model.LookupKey;
import io.engagebridge.outbox.MessageKind;
import io.engagebridge.outbox.OutboxHandler;
import io.engagebridge.outbox.OutboxMessage;
import io.engagebridge.outbox.SendFailed;
import io.engagebridge.transactions.Customer;
import io.engagebridge.transactions.config.TransactionsConfig;
import io.engagebridge.transactions.repository.ReceiptRepository;
import io.engagebridge.transactions.repository.ReceiptRow;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Sends a queued receipt with {@code POST receipts}, naming the contact by contactId. A receipt whose customer is
 * known only by key is held back until contacts-service knows the contact in Engage, because Engage drops receipts
 * for unknown contacts. Engage ignores a repeated uniqueReceiptId, so a resend after a lost answer is harmless.
 */
@ApplicationScoped
public class ReceiptSendHandler implements OutboxHandler<ReceiptSendHandler.Send> {

    public static final MessageKind<Send> KIND = MessageKind.of("receipt.send", Send.class);

    /** A stored receipt to send; the receipt itself is read from its table when it goes. */
    public record Send(String uniqueReceiptId) {
    }


    private static final Logger LOG = Logger.getLogger(ReceiptSendHandler.class);

    private final ReceiptRepository receipts;
    private final ContactsLookup contacts;
    private final EngageClient engage;
    private final ReceiptReader reader;
    private final TransactionsConfig config;
    private final MeterRegistry metrics;

    public ReceiptSendHandler(ReceiptRepository receipts, ContactsLookup contacts, EngageClient engage,
            ReceiptReader reader, TransactionsConfig config, MeterRegistry metrics) {
        this.receipts = receipts;
        this.contacts = contacts;
        this.engage = engage;
        this.reader = reader;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public MessageKind<Send> kind() {
        return KIND;
    }

    @Override
    public Uni<Void> handle(OutboxMessage<Send> message) {
        String id = message.payload().uniqueReceiptId();
        return receipts.find(id).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().failure(SendFailed.giveUp("Receipt " + id + " is not stored"));
            }
            ReceiptRow row = found.get();
            if ("SENT".equals(row.status())) {
                return Uni.createFrom().voidItem();
            }
            return contactIdOf(row, message).chain(contactId -> send(row, contactId));
        });
    }

    private Uni<String> contactIdOf(ReceiptRow row, OutboxMessage<Send> message) {
        if (row.contactId() != null) {
            return Uni.createFrom().item(row.contactId());
        }
        Customer customer = new Customer(null, LookupKey.fromField(row.keyType()), row.keyValue(), null);
        return contacts.contactId(customer, false).chain(id -> {
            if (id.isPresent()) {
                return receipts.setContactId(row.uniqueReceiptId(), id.get()).replaceWith(id.get());
            }
            Duration held = Duration.between(row.acceptedAt(), OffsetDateTime.now());
            if (held.compareTo(config.holdGiveUpAfter()) > 0) {
                return Uni.createFrom().failure(SendFailed.giveUp("The customer (" + row.keyType()
                        + ") never appeared in Engage after " + held.toHours() + " h"));
            }
            return Uni.createFrom().failure(SendFailed.notYet("Held: the customer is not in Engage yet",
                    config.holdRetry()));
        });
    }

    private Uni<Void> send(ReceiptRow row, String contactId) {
        EngageReceipt receipt = reader.receiptOf(row.request())
                .withContact(new EngageReceipt.Contact(contactId, "contactId"));
        return engage.sendReceipt(receipt)
                .chain(() -> receipts.markSent(row.uniqueReceiptId()))
                .invoke(() -> {
                    metrics.counter("receipts.sent").increment();
                    LOG.infof("Receipt %s sent: accepted by Engage", row.uniqueReceiptId());
                });
    }
}

package io.engagebridge.contacts.service;

import jakarta.enterprise.context.ApplicationScoped;


import io.engagebridge.contacts.repository.ContactKeyRepository;
import io.engagebridge.outbox.MessageKind;
import io.engagebridge.outbox.OutboxHandler;
import io.engagebridge.outbox.OutboxMessage;
import io.smallrye.mutiny.Uni;

/**
 * Learns the contactId of a contact created in bulk (queued by {@link BulkBatchHandler} once its batch is done, or
 * when the batch status cannot be read), so the next identify of that customer needs no Engage call; the attributes
 * sent become its last-seen values. One lookup per try; while Engage does not know it yet, waits on the escalating
 * {@link AgeSchedule}; gives up (DEAD) after {@code contacts.resolve-give-up-after}.
 */
@ApplicationScoped
public class ResolveContactHandler implements OutboxHandler<ContactMessages.Resolve> {

    private final CreateContactHandler creations;
    private final ContactKeyRepository keys;
    private final AgeSchedule schedule;

    public ResolveContactHandler(CreateContactHandler creations, ContactKeyRepository keys, AgeSchedule schedule) {
        this.creations = creations;
        this.keys = keys;
        this.schedule = schedule;
    }

    /** The outbox key of a contact's resolution. */
    static String messageKey(ContactMessages.Resolve resolve) {
        return "resolve:" + resolve.key().lookupKey();
    }

    @Override
    public MessageKind<ContactMessages.Resolve> kind() {
        return ContactMessages.RESOLVE;
    }

    @Override
    public Uni<Void> handle(OutboxMessage<ContactMessages.Resolve> message) {
        ContactMessages.Resolve resolve = message.payload();
        var key = resolve.key();
        return keys.find(key.lookupKey())
                .chain(known -> known.isPresent() && known.get().isKnown() ? Uni.createFrom().item(true)
                        : creations.lookUpAndRemember(key, resolve.sent()))
                .chain(found -> found ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(schedule.notYet(message.createdAt(),
                                "Engage has not imported the bulk-created contact yet",
                                "Contact created in bulk never appeared in Engage: check the bulk batch status")));
    }
}

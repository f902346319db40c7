package io.engagebridge.contacts.service;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.engagebridge.contacts.repository.ContactKeyRepository;
import io.engagebridge.outbox.GiveUp;
import io.engagebridge.outbox.OutboxHandler;
import io.engagebridge.outbox.OutboxMessage;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Learns the contactId of a contact created in bulk (queued by {@link BulkBatchHandler} once its batch is done, or
 * when the batch status cannot be read), so the next identify of that customer needs no Engage call; the attributes
 * sent become its last-seen values. One lookup per try; while Engage does not know it yet, waits on the escalating
 * {@link AgeSchedule}; gives up (DEAD) after {@code contacts.resolve-give-up-after}.
 */
@ApplicationScoped
public class ResolveContactHandler implements OutboxHandler {

    private final CreateContactHandler creations;
    private final ContactKeyRepository keys;
    private final AgeSchedule schedule;
    private final ObjectMapper json;

    public ResolveContactHandler(CreateContactHandler creations, ContactKeyRepository keys, AgeSchedule schedule,
            ObjectMapper json) {
        this.creations = creations;
        this.keys = keys;
        this.schedule = schedule;
        this.json = json;
    }

    /** The outbox key of a contact's resolution. */
    static String messageKey(ContactMessages.Resolve resolve) {
        return "resolve:" + resolve.key().lookupKey();
    }

    @Override
    public String kind() {
        return ContactMessages.RESOLVE;
    }

    @Override
    public Uni<Void> handle(OutboxMessage message) {
        ContactMessages.Resolve resolve;
        try {
            resolve = json.readValue(message.payload(), ContactMessages.Resolve.class);
        } catch (Exception e) {
            return Uni.createFrom().failure(new GiveUp("Unreadable contact.resolve payload: " + e.getMessage()));
        }
        var key = resolve.key();
        return Panache.withSession(() -> keys.findById(key.lookupKey()))
                .chain(known -> known != null && known.isKnown() ? Uni.createFrom().item(true)
                        : creations.lookUpAndRemember(key, resolve.sent()))
                .chain(found -> found ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(schedule.notYet(message.createdAt(),
                                "Engage has not imported the bulk-created contact yet",
                                "Contact created in bulk never appeared in Engage: check the bulk batch status")));
    }
}

package io.engagebridge.contacts.service;

import java.time.Duration;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.engagebridge.contacts.config.ContactsConfig;
import io.engagebridge.contacts.repository.ContactKeyRepository;
import io.engagebridge.outbox.GiveUp;
import io.engagebridge.outbox.OutboxHandler;
import io.engagebridge.outbox.OutboxMessage;
import io.engagebridge.outbox.RetryLater;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Learns the contactId of a contact created in bulk (Engage imports bulk batches asynchronously), so the next
 * identify of that customer needs no Engage call. Waits while Engage does not know it yet; gives up (DEAD) after
 * {@code contacts.resolve-give-up-after}.
 */
@ApplicationScoped
public class ResolveContactHandler implements OutboxHandler {

    private final CreateContactHandler creations;
    private final ContactKeyRepository keys;
    private final ContactsConfig config;
    private final ObjectMapper json;

    public ResolveContactHandler(CreateContactHandler creations, ContactKeyRepository keys, ContactsConfig config,
            ObjectMapper json) {
        this.creations = creations;
        this.keys = keys;
        this.config = config;
        this.json = json;
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
                        : creations.lookUpAndRemember(key))
                .invoke(found -> {
                    if (found) {
                        return;
                    }
                    Duration age = Duration.between(message.createdAt(), OffsetDateTime.now());
                    if (age.compareTo(config.resolveGiveUpAfter()) > 0) {
                        throw new GiveUp("Contact created in bulk never appeared in Engage (after " + age.toHours()
                                + " h): check the bulk batch status");
                    }
                    throw new RetryLater("Engage has not imported the bulk-created contact yet", config.resolveRetry());
                })
                .replaceWithVoid();
    }
}

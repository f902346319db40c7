package io.engagebridge.contacts.service;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.engagebridge.engage.EngageClient;
import io.engagebridge.outbox.GiveUp;
import io.engagebridge.outbox.OutboxHandler;
import io.engagebridge.outbox.OutboxMessage;
import io.smallrye.mutiny.Uni;

/** Replays a queued attribute change: {@code PATCH contacts/{id}} with exactly the queued fields. */
@ApplicationScoped
public class UpdateContactHandler implements OutboxHandler {

    private final EngageClient engage;
    private final ObjectMapper json;

    public UpdateContactHandler(EngageClient engage, ObjectMapper json) {
        this.engage = engage;
        this.json = json;
    }

    @Override
    public String kind() {
        return ContactMessages.UPDATE;
    }

    @Override
    public Uni<Void> handle(OutboxMessage message) {
        try {
            ContactMessages.Update update = json.readValue(message.payload(), ContactMessages.Update.class);
            return engage.patchContact(update.contactId(), update.changes());
        } catch (Exception e) {
            return Uni.createFrom().failure(new GiveUp("Unreadable contact.update payload: " + e.getMessage()));
        }
    }
}

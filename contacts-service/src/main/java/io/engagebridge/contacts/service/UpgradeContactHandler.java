package io.engagebridge.contacts.service;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.engagebridge.engage.EngageClient;
import io.engagebridge.outbox.GiveUp;
import io.engagebridge.outbox.OutboxHandler;
import io.engagebridge.outbox.OutboxMessage;
import io.smallrye.mutiny.Uni;

/** Replays a queued contact-type upgrade, after every change of the contact queued before it. */
@ApplicationScoped
public class UpgradeContactHandler implements OutboxHandler {

    private final EngageClient engage;
    private final ObjectMapper json;

    public UpgradeContactHandler(EngageClient engage, ObjectMapper json) {
        this.engage = engage;
        this.json = json;
    }

    @Override
    public String kind() {
        return ContactMessages.UPGRADE;
    }

    @Override
    public Uni<Void> handle(OutboxMessage message) {
        try {
            ContactMessages.Upgrade upgrade = json.readValue(message.payload(), ContactMessages.Upgrade.class);
            return engage.updateContactType(upgrade.contactId(), upgrade.contactType());
        } catch (Exception e) {
            return Uni.createFrom().failure(new GiveUp("Unreadable contact.upgrade payload: " + e.getMessage()));
        }
    }
}

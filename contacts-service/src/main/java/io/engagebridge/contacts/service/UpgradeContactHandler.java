package io.engagebridge.contacts.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.engagebridge.engage.EngageClient;
import io.engagebridge.outbox.MessageKind;
import io.engagebridge.outbox.OutboxHandler;
import io.engagebridge.outbox.OutboxMessage;
import io.smallrye.mutiny.Uni;

/** Replays a queued contact-type upgrade, after every change of the contact queued before it. */
@ApplicationScoped
public class UpgradeContactHandler implements OutboxHandler<ContactMessages.Upgrade> {

    private final EngageClient engage;

    public UpgradeContactHandler(EngageClient engage) {
        this.engage = engage;
    }

    @Override
    public MessageKind<ContactMessages.Upgrade> kind() {
        return ContactMessages.UPGRADE;
    }

    @Override
    public Uni<Void> handle(OutboxMessage<ContactMessages.Upgrade> message) {
        ContactMessages.Upgrade upgrade = message.payload();
        return engage.updateContactType(upgrade.contactId(), upgrade.contactType());
    }
}

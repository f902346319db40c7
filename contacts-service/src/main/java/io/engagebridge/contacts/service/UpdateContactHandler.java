package io.engagebridge.contacts.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.engagebridge.engage.EngageClient;
import io.engagebridge.outbox.MessageKind;
import io.engagebridge.outbox.OutboxHandler;
import io.engagebridge.outbox.OutboxMessage;
import io.smallrye.mutiny.Uni;

/**
 * Replays a queued attribute change: {@code PATCH contacts/{id}} with exactly the queued fields; a changed key
 * (e-mail, phone, ...) is forgotten locally once Engage has it.
 */
@ApplicationScoped
public class UpdateContactHandler implements OutboxHandler<ContactMessages.Update> {

    private final EngageClient engage;
    private final KnownContacts known;

    public UpdateContactHandler(EngageClient engage, KnownContacts known) {
        this.engage = engage;
        this.known = known;
    }

    @Override
    public MessageKind<ContactMessages.Update> kind() {
        return ContactMessages.UPDATE;
    }

    @Override
    public Uni<Void> handle(OutboxMessage<ContactMessages.Update> message) {
        ContactMessages.Update update = message.payload();
        return engage.patchContact(update.contactId(), update.changes())
                .call(() -> known.keysChanged(update.contactId(), update.changes()));
    }
}

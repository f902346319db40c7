package io.engagebridge.contacts.service;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.contacts.ContactKey;
import io.engagebridge.contacts.NewContact;
import io.engagebridge.engage.model.CreateContactOptions;
import io.engagebridge.engage.model.LookupKey;
import io.engagebridge.outbox.MessageKind;

/** The outbox messages of contacts-service: each kind with its payload record (the handlers sit beside). */
public final class ContactMessages {

    public static final MessageKind<Create> CREATE = MessageKind.of("contact.create", Create.class);
    public static final MessageKind<BulkBatch> BULK_BATCH = MessageKind.of("contact.bulk-batch", BulkBatch.class);
    public static final MessageKind<Resolve> RESOLVE = MessageKind.of("contact.resolve", Resolve.class);
    public static final MessageKind<Update> UPDATE = MessageKind.of("contact.update", Update.class);
    public static final MessageKind<Upgrade> UPGRADE = MessageKind.of("contact.upgrade", Upgrade.class);

    private ContactMessages() {
    }

    /**
     * A creation to replay. {@code lookUpFirst}: the contact may exist in Engage already (the live lookup never
     * answered, or the live create may have gone through: timeout, cut connection), so the relay looks the key up
     * before creating. Messages queued before the rename carry it as {@code outcomeUnknown}.
     */
    public record Create(String keyType, String keyValue, ObjectNode body, String source, String storeExternalId,
            Boolean createAsUnapproved, @JsonAlias("outcomeUnknown") boolean lookUpFirst) {

        public ContactKey key() {
            return new ContactKey(LookupKey.fromField(keyType), keyValue);
        }

        public CreateContactOptions options() {
            return new CreateContactOptions(source, storeExternalId, createAsUnapproved);
        }

        /** Whether it carries a query parameter of {@code POST contacts} (which bulk cannot carry). */
        public boolean hasOptions() {
            return source != null || storeExternalId != null || createAsUnapproved != null;
        }

        /** The contact type Engage gets ({@code Member} unless the body names one). */
        public String contactType() {
            return body.hasNonNull("contactType") ? body.get("contactType").asText() : "Member";
        }

        /** The attributes sent, without the contact type. */
        public ObjectNode attributes() {
            return NewContact.withoutContactType(body);
        }
    }

    /**
     * A bulk batch Engage accepted: its status is polled until done, then each contact's id is learned.
     * {@code contacts} carry the attributes sent, to become the contacts' last-seen values.
     */
    public record BulkBatch(String batchId, String contactType, List<Resolve> contacts) {
    }

    /**
     * Learn the contactId of a contact created through the bulk API (which answers no ids). {@code sent}: the
     * attributes it was created with (null in messages queued before they were kept).
     */
    public record Resolve(String keyType, String keyValue, ObjectNode sent) {

        public ContactKey key() {
            return new ContactKey(LookupKey.fromField(keyType), keyValue);
        }
    }

    /** Attribute changes of a known contact: a value writes, a null erases (only ever from an explicit clear). */
    public record Update(String contactId, ObjectNode changes) {
    }

    /** Move a contact to another type. */
    public record Upgrade(String contactId, String contactType) {
    }
}

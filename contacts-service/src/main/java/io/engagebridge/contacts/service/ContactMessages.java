package io.engagebridge.contacts.service;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.contacts.ContactKey;
import io.engagebridge.engage.model.CreateContactOptions;
import io.engagebridge.engage.model.LookupKey;

/** The outbox messages of contacts-service: their kinds and payloads. */
public final class ContactMessages {

    public static final String CREATE = "contact.create";
    public static final String RESOLVE = "contact.resolve";
    public static final String UPDATE = "contact.update";
    public static final String UPGRADE = "contact.upgrade";

    private ContactMessages() {
    }

    /**
     * A creation to replay. {@code outcomeUnknown}: the live call may have gone through (timeout, cut connection),
     * so the relay looks the key up before creating.
     */
    public record Create(String keyType, String keyValue, ObjectNode body, String source, String storeExternalId,
            Boolean createAsUnapproved, boolean outcomeUnknown) {

        public ContactKey key() {
            return new ContactKey(LookupKey.fromField(keyType), keyValue);
        }

        public CreateContactOptions options() {
            return new CreateContactOptions(source, storeExternalId, createAsUnapproved);
        }

        /** The contact type Engage gets ({@code Member} unless the body names one). */
        public String contactType() {
            return body.hasNonNull("contactType") ? body.get("contactType").asText() : "Member";
        }
    }

    /** Learn the contactId of a contact created through the bulk API (which answers no ids). */
    public record Resolve(String keyType, String keyValue) {

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

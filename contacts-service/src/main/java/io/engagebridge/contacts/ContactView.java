package io.engagebridge.contacts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.engage.model.EngageContact;

/**
 * A contact's personal data for My Pages, as Engage has it. {@code pendingChanges}: changes of the contact are queued
 * and not in Engage yet, so this copy lacks them (the gateway does not cache it; My Pages may say they are on their way).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContactView(String contactId, String contactType, ObjectNode attributes, JsonNode preferences,
        JsonNode consents, boolean pendingChanges) {

    public static ContactView of(EngageContact contact, boolean pendingChanges) {
        return new ContactView(contact.id(), contact.contactType(), contact.attributes(), contact.preferences(),
                contact.consents(), pendingChanges);
    }
}

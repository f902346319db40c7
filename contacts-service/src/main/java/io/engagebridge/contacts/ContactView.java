package io.engagebridge.contacts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.engage.model.EngageContact;

/** A contact's personal data for My Pages. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContactView(String contactId, String contactType, ObjectNode attributes, JsonNode preferences,
        JsonNode consents) {

    public static ContactView of(EngageContact contact) {
        return new ContactView(contact.id(), contact.contactType(), contact.attributes(), contact.preferences(),
                contact.consents());
    }
}

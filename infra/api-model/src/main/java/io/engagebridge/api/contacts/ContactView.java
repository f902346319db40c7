package io.engagebridge.api.contacts;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A contact's personal data for My Pages, as Engage has it. {@code pendingChanges}: changes of the contact are queued
 * and not in Engage yet, so this copy lacks them (the gateway does not cache it; My Pages may say they are on their way).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Contact", description = "A contact's personal data as Engage has it; pendingChanges: changes of "
        + "it are queued and not in Engage yet")
public record ContactView(String contactId, String contactType, ObjectNode attributes, JsonNode preferences,
        JsonNode consents, boolean pendingChanges) {
}

package io.engagebridge.api.contacts;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A contact's personal data for My Pages. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Contact", description = "A contact's personal data as Engage has it")
public record ContactView(String contactId, String contactType, ObjectNode attributes, JsonNode preferences,
        JsonNode consents) {

}

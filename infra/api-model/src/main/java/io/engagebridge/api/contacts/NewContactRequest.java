package io.engagebridge.api.contacts;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What to create when an identified customer is not in Engage: the contact's attributes (the key is added to them)
 * and {@code POST contacts}' options.
 */
@Schema(name = "NewContact", description = "The contact to create when the customer is not found.")
public record NewContactRequest(
        @Schema(description = "Engage contact attributes: text, numbers, booleans or objects (no lists)",
                example = "{\"firstName\":\"Ann\",\"lastName\":\"Berg\"}")
        @AttributeValues ObjectNode attributes,
        @Schema(description = "Engage contact type; the tenant's default when absent", example = "Member")
        String contactType,
        @Schema(description = "Engage's `source` of the new contact", example = "POS") String source,
        @Schema(description = "The store the contact signed up in", example = "S001") String storeExternalId,
        @Schema(description = "Create the contact unapproved") Boolean createAsUnapproved) {
}

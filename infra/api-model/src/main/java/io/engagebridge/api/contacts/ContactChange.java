package io.engagebridge.api.contacts;

import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.api.Checks;

/**
 * {@code PATCH /contacts/{contactId}}: attributes to set, and the attributes to erase. A value null or {@code ""}
 * in {@code attributes} is not sent (Engage would erase the field): erasing is what {@code clear} is for.
 */
@ConsistentChange(groups = Checks.Then.class)
@Schema(name = "ContactChange", description = "Only what differs from the last values seen reaches Engage.",
        example = """
                {"attributes":{"lastName":"Berg","preferences":{"acceptsSms":true}},"clear":["nickname","address.careOf"]}""")
public record ContactChange(
        @Schema(description = "Attributes to set: text, numbers, booleans or objects (compared field by field); "
                + "a null or empty value is ignored. Not contactType: see upgrade")
        @AttributeValues ObjectNode attributes,
        @Schema(description = "Attributes to erase: a name, or a path into a nested object (address.street)",
                example = "[\"nickname\",\"address.careOf\"]")
        List<@NotNull(message = ClearPath.MESSAGE) @ClearPath String> clear) {

    /** The attributes, an empty object when none are given. */
    public ObjectNode attributesOrEmpty(ObjectNode empty) {
        return attributes == null ? empty : attributes;
    }

    /** The paths to erase, none when none are given. */
    public List<AttributePath> clearPaths() {
        return clear == null ? List.of() : clear.stream().map(AttributePath::parse).toList();
    }
}

package io.engagebridge.engage.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A contact as Engage returns it: {@code id}, {@code attributes}, {@code meta} (contactType, ...),
 * {@code preferences}, {@code consents} (assumed from v2). Everything but the id is kept as JSON, so new fields
 * pass through untouched.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EngageContact(String id, ObjectNode attributes, ObjectNode meta, JsonNode preferences, JsonNode consents) {

    /** {@code meta.contactType}, or null. */
    public String contactType() {
        return meta == null || !meta.hasNonNull("contactType") ? null : meta.get("contactType").asText();
    }
}

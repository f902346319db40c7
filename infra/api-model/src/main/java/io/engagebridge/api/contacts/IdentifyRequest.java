package io.engagebridge.api.contacts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.engagebridge.api.CustomerKeyText;

/** {@code POST /contacts/identify}: exactly one customer key, and what to create when the customer is not found. */
@OneKey
@Schema(name = "IdentifyRequest", description = "Exactly one customer key; `create` when the customer may be new.",
        example = """
                {"email":"ann@example.com","create":{"attributes":{"firstName":"Ann"},"source":"POS","storeExternalId":"S001"}}""")
public record IdentifyRequest(
        @Schema(description = "E-mail address; trimmed and lower-cased", example = "ann@example.com")
        @JsonDeserialize(using = CustomerKeyText.class) String email,
        @Schema(description = "Mobile phone; national numbers take the configured country code", example = "070-123 45 67")
        @JsonDeserialize(using = CustomerKeyText.class) String mobilePhone,
        @Schema(description = "Social security number")
        @JsonDeserialize(using = CustomerKeyText.class) String socialSecurityNumber,
        @Schema(description = "Loyalty card number (Engage's customKey)")
        @JsonDeserialize(using = CustomerKeyText.class) String memberNumber,
        @Schema(description = "The e-com back end's customer id (Engage's customKey)")
        @JsonDeserialize(using = CustomerKeyText.class) String externalId,
        @Schema(description = "Create the customer when not found; absent: a 404 instead")
        @Valid NewContactRequest create) {

    /** The key fields, in the order their names are listed to the caller. */
    public static final List<String> KEYS = List.of("email", "mobilePhone", "socialSecurityNumber", "memberNumber",
            "externalId");

    /** The keys given (not null), by field name, in the order of {@link #KEYS}. */
    public Map<String, String> keys() {
        String[] values = { email, mobilePhone, socialSecurityNumber, memberNumber, externalId };
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                given.put(KEYS.get(i), values[i]);
            }
        }
        return given;
    }
}

package io.engagebridge.api.contacts;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What identify answers. {@code contactId} is null while PENDING; {@code key} always names the customer, so a
 * receipt can still be tied to them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "IdentifyResult", example = """
        {"status":"FOUND","contactId":"00000000-0000-4000-8000-000000000001",
         "key":{"type":"email","value":"ann@example.com"},"answeredBy":"local"}""")
public record IdentifyResult(Status status, String contactId, KeyView key, String answeredBy) {

    public enum Status {
        /** Known: from the local table or from Engage. */
        FOUND,
        /** Created in Engage now. */
        CREATED,
        /** Engage could not be reached: the creation is queued and will reach Engage later. */
        PENDING
    }

    /** The normalised key, as {@code {"type":"email","value":"ann@example.com"}}. */
    public record KeyView(String type, String value) {
    }

    public static IdentifyResult found(KeyView key, String contactId, String answeredBy) {
        return new IdentifyResult(Status.FOUND, contactId, key, answeredBy);
    }

    public static IdentifyResult created(KeyView key, String contactId) {
        return new IdentifyResult(Status.CREATED, contactId, key, "engage");
    }

    public static IdentifyResult pending(KeyView key) {
        return new IdentifyResult(Status.PENDING, null, key, "local");
    }
}

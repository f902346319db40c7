package io.engagebridge.contacts;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What identify answers. {@code contactId} is null while PENDING; {@code key} always names the customer, so a
 * receipt can still be tied to them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
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
        public static KeyView of(ContactKey key) {
            return new KeyView(key.type().field(), key.value());
        }
    }

    public static IdentifyResult found(ContactKey key, String contactId, String answeredBy) {
        return new IdentifyResult(Status.FOUND, contactId, KeyView.of(key), answeredBy);
    }

    public static IdentifyResult created(ContactKey key, String contactId) {
        return new IdentifyResult(Status.CREATED, contactId, KeyView.of(key), "engage");
    }

    public static IdentifyResult pending(ContactKey key) {
        return new IdentifyResult(Status.PENDING, null, KeyView.of(key), "local");
    }
}

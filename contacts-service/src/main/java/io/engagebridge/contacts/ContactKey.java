package io.engagebridge.contacts;

import io.engagebridge.api.contacts.IdentifyResult;
import io.engagebridge.engage.model.LookupKey;

/** A customer key in its canonical form (see {@link io.engagebridge.engage.model.KeyNormalizer}). */
public record ContactKey(LookupKey type, String value) {

    /** The key as identify answers it: {@code {"type":"email","value":"ann@example.com"}}. */
    public IdentifyResult.KeyView view() {
        return new IdentifyResult.KeyView(type.field(), value);
    }

    /** Primary key of the local key table: {@code email:ann@example.com}. */
    public String lookupKey() {
        return type.field() + ":" + value;
    }

    /** Outbox key for changes made before the contactId is known: they leave in order, per customer. */
    public String messageKey() {
        return "key:" + lookupKey();
    }

    /** Outbox key for changes of a known contact. */
    public static String messageKey(String contactId) {
        return "contact:" + contactId;
    }
}

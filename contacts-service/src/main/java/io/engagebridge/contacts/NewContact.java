package io.engagebridge.contacts;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.engage.model.CreateContactOptions;

/**
 * What to create when a customer is not found: the attributes (the key is added to them), the contact type, and
 * the query parameters of {@code POST contacts}.
 */
public record NewContact(ObjectNode attributes, String contactType, String source, String storeExternalId,
        Boolean createAsUnapproved) {

    public CreateContactOptions options() {
        return new CreateContactOptions(source, storeExternalId, createAsUnapproved);
    }

    /** The body Engage gets: the attributes, the key attribute, and the contact type. */
    public ObjectNode body(ContactKey key) {
        ObjectNode body = attributes.deepCopy();
        body.put(key.type().field(), key.value());
        if (contactType != null) {
            body.put("contactType", contactType);
        }
        return body;
    }

    /** What Engage stores from {@link #body}: the contact's attributes as this service sent them. */
    public ObjectNode sentAttributes(ContactKey key) {
        return withoutContactType(body(key));
    }

    /** The attributes Engage stores from a create body: everything but {@code contactType}, which is not one. */
    public static ObjectNode withoutContactType(ObjectNode body) {
        ObjectNode attributes = body.deepCopy();
        attributes.remove("contactType");
        return attributes;
    }
}

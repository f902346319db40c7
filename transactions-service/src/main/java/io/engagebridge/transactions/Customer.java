package io.engagebridge.transactions;

import com.fasterxml.jackson.databind.JsonNode;

import io.engagebridge.engage.model.LookupKey;

/**
 * Who a receipt belongs to: a known contactId, or one normalised key (with an optional {@code create} object for
 * a customer signing up at the till, passed to contacts-service as is).
 */
public record Customer(String contactId, LookupKey keyType, String keyValue, JsonNode create) {

    public static Customer byId(String contactId) {
        return new Customer(contactId, null, null, null);
    }

    public boolean known() {
        return contactId != null;
    }

    public Customer withContactId(String id) {
        return new Customer(id, keyType, keyValue, create);
    }
}

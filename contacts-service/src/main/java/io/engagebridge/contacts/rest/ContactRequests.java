package io.engagebridge.contacts.rest;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.engagebridge.api.contacts.AttributePath;
import io.engagebridge.api.contacts.ContactChange;
import io.engagebridge.api.contacts.IdentifyRequest;
import io.engagebridge.api.contacts.NewContactRequest;
import io.engagebridge.contacts.ContactKey;
import io.engagebridge.contacts.NewContact;
import io.engagebridge.contacts.config.ContactsConfig;
import io.engagebridge.engage.model.KeyNormalizer;
import io.engagebridge.engage.model.LookupKey;
import io.engagebridge.web.ApiException;

/**
 * Turns checked request bodies (records whose constraints have passed) into this service's terms: the customer key
 * in its canonical form, or a 400 naming it when the normaliser refuses it. Nothing is stored before.
 */
@ApplicationScoped
public class ContactRequests {

    private final KeyNormalizer normalizer;
    private final ObjectMapper json;

    public ContactRequests(ContactsConfig config, ObjectMapper json) {
        this.normalizer = new KeyNormalizer(config.defaultCountryCode());
        this.json = json;
    }

    /** The one customer key of an identify body (exactly one is given: {@code @OneKey}), normalised. */
    public ContactKey key(IdentifyRequest body) {
        Map.Entry<String, String> given = body.keys().entrySet().iterator().next();
        LookupKey type = LookupKey.fromField(given.getKey());
        try {
            return new ContactKey(type, normalizer.normalize(type, given.getValue()));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("/" + given.getKey(), e.getMessage());
        }
    }

    /** The contact to create when the customer is not found; null when the body asks for none. */
    public NewContact newContact(IdentifyRequest body) {
        NewContactRequest create = body.create();
        if (create == null) {
            return null;
        }
        return new NewContact(create.attributes() == null ? json.createObjectNode() : create.attributes(),
                create.contactType(), create.source(), create.storeExternalId(), create.createAsUnapproved());
    }

    /** The paths a change erases, each once, as {@link AttributePath} writes them. */
    public static Set<String> cleared(ContactChange change) {
        Set<String> clear = new LinkedHashSet<>();
        for (AttributePath path : change.clearPaths()) {
            clear.add(path.toString());
        }
        return clear;
    }
}

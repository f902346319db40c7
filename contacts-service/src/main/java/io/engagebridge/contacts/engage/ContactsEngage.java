package io.engagebridge.contacts.engage;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.contacts.ContactKey;
import io.engagebridge.engage.EngageClient;
import io.engagebridge.engage.EngageUnavailableException;
import io.engagebridge.engage.model.ContactLookup;
import io.engagebridge.engage.model.CreateContactOptions;
import io.engagebridge.engage.model.EngageContact;
import io.smallrye.mutiny.Uni;

/**
 * Live Engage calls for contacts, made while someone waits (a till, My Pages). Each try has a short timeout and one
 * quick retry; only Engage being unavailable counts as failure (retried, and trips the breaker): not found, multiple
 * matches and rejected data are answers. When the breaker is open, calls fail at once and the caller falls back
 * (queue or 503). The outbox relay does not use this bean: it retries late, on its own schedule.
 */
@ApplicationScoped
@Timeout(1500)
@Retry(maxRetries = 1, delay = 200, jitter = 100, retryOn = { EngageUnavailableException.class,
        org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class })
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10000, failOn = {
        EngageUnavailableException.class, org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class })
public class ContactsEngage {

    private final EngageClient engage;

    public ContactsEngage(EngageClient engage) {
        this.engage = engage;
    }

    public Uni<ContactLookup> lookup(ContactKey key) {
        return engage.findContactId(key.type(), key.value());
    }

    public Uni<EngageContact> create(ObjectNode body, CreateContactOptions options) {
        return engage.createContact(body, options);
    }

    public Uni<Optional<EngageContact>> contact(String contactId) {
        return engage.contact(contactId);
    }

    public Uni<Void> patch(String contactId, ObjectNode changes) {
        return engage.patchContact(contactId, changes);
    }

    public Uni<Void> updateContactType(String contactId, String contactType) {
        return engage.updateContactType(contactId, contactType);
    }
}

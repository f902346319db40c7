package io.engagebridge.contacts.engage;

import java.util.Optional;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.contacts.ContactKey;
import io.engagebridge.engage.EngageClient;
import io.engagebridge.engage.EngageCodes;
import io.engagebridge.engage.EngageUnavailableException;
import io.engagebridge.engage.model.ContactLookup;
import io.engagebridge.engage.model.CreateContactOptions;
import io.engagebridge.engage.model.EngageContact;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;

/**
 * Live Engage calls for contacts, made while someone waits (a till, My Pages). Each try has a short timeout; reads,
 * lookups and changes get one quick retry, a create only when Engage says nothing was created (see
 * {@link #create}). Only Engage being unavailable counts as failure (trips the breaker): not found, multiple
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

    /** Engage's answer to a create whose key is taken: the contact exists, or is being created right now. */
    public static final Predicate<Throwable> KEY_EXISTS_OR_BEING_CREATED = EngageClient
            .isCode(EngageCodes.APPROVED_CONTACT_WITH_KEY_EXISTS)
            .or(EngageClient.isCode(EngageCodes.CONTACT_WITH_KEY_IS_BEING_CREATED));

    private final EngageClient engage;

    public ContactsEngage(EngageClient engage) {
        this.engage = engage;
    }

    public Uni<ContactLookup> lookup(ContactKey key) {
        return engage.findContactId(key.type(), key.value());
    }

    /**
     * Never re-sent after an unknown outcome (timeout, cut connection): the contact may have been created, and
     * Voyado's rule is to look up before creating again, which the queued replay does. Only Engage's own 504 (its
     * create timed out and was rolled back: nothing created) gets the one quick retry.
     */
    @Retry(maxRetries = 1, delay = 200, jitter = 100)
    @RetryWhen(exception = NothingCreated.class)
    public Uni<EngageContact> create(ObjectNode body, CreateContactOptions options) {
        return engage.createContact(body, options);
    }

    /** Engage answered a create with 504: documented as rolled back server-side, so safe to send again. */
    public static final class NothingCreated implements Predicate<Throwable> {
        @Override
        public boolean test(Throwable failure) {
            return failure instanceof EngageUnavailableException e && e.status() == 504;
        }
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

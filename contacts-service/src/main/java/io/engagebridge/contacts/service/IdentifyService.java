package io.engagebridge.contacts.service;


import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.engagebridge.api.contacts.IdentifyResult;
import io.engagebridge.contacts.ContactKey;
import io.engagebridge.contacts.NewContact;
import io.engagebridge.contacts.config.ContactsConfig;
import io.engagebridge.contacts.engage.ContactsEngage;
import io.engagebridge.contacts.repository.ContactKeyRepository;
import io.engagebridge.contacts.repository.ContactKeyRow;
import io.engagebridge.engage.EngageCodes;
import io.engagebridge.engage.EngageErrors;
import io.engagebridge.engage.EngageException;
import io.engagebridge.engage.EngageUnavailableException;
import io.engagebridge.engage.model.ContactLookup;
import io.engagebridge.outbox.Outbox;
import io.engagebridge.web.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Voyado's identify flow: the local key table first (no Engage call), then {@code GET contacts/id}, then
 * {@code POST contacts} when asked to create. When Engage cannot be reached a creation is queued (202 PENDING) so
 * the purchase goes on; a plain lookup answers 503.
 */
@ApplicationScoped
public class IdentifyService {

    private static final Logger LOG = Logger.getLogger(IdentifyService.class);

    /** A lookup that never answered leaves open whether the contact exists: the replay must look it up first. */
    private static final boolean LOOKUP_NEVER_ANSWERED = true;

    private final ContactKeyRepository keys;
    private final KnownContacts known;
    private final ContactsEngage engage;
    private final ContactChooser chooser;
    private final Outbox outbox;
    private final Pool pool;
    private final ContactsConfig config;
    private final MeterRegistry metrics;

    public IdentifyService(ContactKeyRepository keys, KnownContacts known, ContactsEngage engage,
            ContactChooser chooser, Outbox outbox, Pool pool, ContactsConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.keys = keys;
        this.known = known;
        this.engage = engage;
        this.chooser = chooser;
        this.outbox = outbox;
        this.config = config;
        this.metrics = metrics;
    }

    public Uni<IdentifyResult> identify(ContactKey key, NewContact create) {
        return keys.find(key.lookupKey())
                .chain(local -> local.isPresent() ? Uni.createFrom().item(answerLocally(key, local.get()))
                        : askEngage(key, create))
                .invoke(result -> LOG.infof("Identify by %s: %s%s, answered by %s", key.type().field(), result.status(),
                        result.contactId() == null ? "" : " " + result.contactId(), result.answeredBy()));
    }

    private IdentifyResult answerLocally(ContactKey key, ContactKeyRow local) {
        metrics.counter("contacts.lookups", "answeredBy", "local").increment();
        return local.isKnown() ? IdentifyResult.found(key.view(), local.contactId(), "local") : IdentifyResult.pending(key.view());
    }

    private Uni<IdentifyResult> askEngage(ContactKey key, NewContact create) {
        metrics.counter("contacts.lookups", "answeredBy", "engage").increment();
        return engage.lookup(key)
                .chain(lookup -> onLookup(key, lookup, create))
                .onFailure(EngageErrors::isUnavailable).recoverWithUni(failure -> create == null
                        ? Uni.createFrom().failure(unavailable(failure))
                        : queueCreation(key, create, LOOKUP_NEVER_ANSWERED, failure))
                .onFailure(EngageException.class).transform(EngageErrors::asApiError);
    }

    private Uni<IdentifyResult> onLookup(ContactKey key, ContactLookup lookup, NewContact create) {
        if (lookup instanceof ContactLookup.Found found) {
            return remember(key, found.contactId(), "engage");
        }
        if (lookup instanceof ContactLookup.MultipleMatches multiple) {
            return chooseAmong(key, multiple);
        }
        return create == null
                ? Uni.createFrom().failure(ApiException.notFound("No contact in Engage with this " + key.type().field()))
                : createNow(key, create);
    }

    private Uni<IdentifyResult> chooseAmong(ContactKey key, ContactLookup.MultipleMatches multiple) {
        return chooser.choose(multiple.contactIds(), engage::contact)
                .chain(chosen -> chosen.isPresent()
                        ? remember(key, chosen.get(), "engage")
                        : Uni.createFrom().failure(ApiException.conflict(
                                "Several contacts in Engage match this " + key.type().field(),
                                EngageCodes.MULTIPLE_MATCHES)));
    }

    private Uni<IdentifyResult> createNow(ContactKey key, NewContact create) {
        return engage.create(create.body(key), create.options())
                .invoke(() -> metrics.counter("contacts.created", "how", "live").increment())
                .chain(contact -> known.created(key, contact.id(), create.sentAttributes(key))
                        .replaceWith(IdentifyResult.created(key.view(), contact.id())))
                .onFailure(ContactsEngage.KEY_EXISTS_OR_BEING_CREATED).recoverWithUni(() -> createdMeanwhile(key, create))
                .onFailure(EngageErrors::isUnavailable)
                .recoverWithUni(failure -> queueCreation(key, create, outcomeUnknown(failure), failure));
    }

    /** Someone else created the contact between our lookup and our create: find it, or queue if still in the making. */
    private Uni<IdentifyResult> createdMeanwhile(ContactKey key, NewContact create) {
        return engage.lookup(key).chain(lookup -> lookup instanceof ContactLookup.Found found
                ? remember(key, found.contactId(), "engage")
                : queueCreation(key, create, true, null));
    }

    private Uni<IdentifyResult> remember(ContactKey key, String contactId, String answeredBy) {
        return known.found(key, contactId).replaceWith(IdentifyResult.found(key.view(), contactId, answeredBy));
    }

    /**
     * The key is marked PENDING and its creation queued, in one transaction. {@code lookUpFirst}: the contact may
     * already be in Engage, so the replay looks it up before creating.
     */
    private Uni<IdentifyResult> queueCreation(ContactKey key, NewContact create, boolean lookUpFirst,
            Throwable why) {
        LOG.infof("Engage unavailable (%s): creation of a contact by %s queued", why == null ? "being created"
                : why.getMessage(), key.type().field());
        ContactMessages.Create message = new ContactMessages.Create(key.type().field(), key.value(),
                create.body(key), create.source(), create.storeExternalId(), create.createAsUnapproved(),
                lookUpFirst);
        return pool.withTransaction(tx -> keys.markPending(tx, key)
                .chain(added -> added ? outbox.enqueue(tx, ContactMessages.CREATE, key.messageKey(), message)
                        : Uni.createFrom().nullItem()))
                .invoke(() -> metrics.counter("contacts.queued", "kind", ContactMessages.CREATE.name()).increment())
                .replaceWith(IdentifyResult.pending(key.view()));
    }

    /** A timeout or cut connection leaves the outcome unknown; an HTTP error answer means nothing was created. */
    static boolean outcomeUnknown(Throwable failure) {
        return !(failure instanceof EngageUnavailableException e) || e.status() == 0;
    }

    private ApiException unavailable(Throwable failure) {
        return EngageErrors.unavailable(failure, "; try again later", config.unavailableRetryAfterSeconds());
    }
}

package io.engagebridge.contacts.service;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.api.contacts.AttributePath;
import io.engagebridge.api.contacts.ChangeResult;
import io.engagebridge.api.contacts.ContactView;
import io.engagebridge.contacts.ContactKey;
import io.engagebridge.contacts.ContactRead;
import io.engagebridge.contacts.config.ContactsConfig;
import io.engagebridge.contacts.engage.ContactsEngage;
import io.engagebridge.contacts.repository.ContactSnapshotRepository;
import io.engagebridge.engage.EngageErrors;
import io.engagebridge.engage.EngageException;
import io.engagebridge.engage.model.EngageContact;
import io.engagebridge.outbox.MessageKind;
import io.engagebridge.outbox.Outbox;
import io.engagebridge.web.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Reads and changes of a known contact. Updates send Engage only what changes (Engage writes every field present,
 * and null or "" erase); when Engage is down, or earlier changes of the contact are still queued, the change is
 * queued behind them so none undoes a later one.
 */
@ApplicationScoped
public class ContactChangeService {

    private static final Logger LOG = Logger.getLogger(ContactChangeService.class);

    private final ContactsEngage engage;
    private final ContactSnapshotRepository snapshots;
    private final Outbox outbox;
    private final KnownContacts known;
    private final Pool pool;
    private final ContactsConfig config;
    private final MeterRegistry metrics;

    public ContactChangeService(ContactsEngage engage, ContactSnapshotRepository snapshots, Outbox outbox,
            KnownContacts known, Pool pool, ContactsConfig config, MeterRegistry metrics) {
        this.engage = engage;
        this.snapshots = snapshots;
        this.outbox = outbox;
        this.known = known;
        this.pool = pool;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * The contact from Engage, remembered as the last values seen unless changes of it are queued (before or after
     * Engage answered): Engage's copy lacks them then, so it is answered marked {@code pendingChanges} and the last
     * values seen stay those this service wrote (else a later change back to an old value would look unchanged and
     * never be sent). While Engage does not answer, the last copy known whole, with the changes sent or queued since,
     * marked with its age; a 503 when there is none.
     */
    public Uni<ContactRead> read(String contactId) {
        String key = ContactKey.messageKey(contactId);
        return outbox.hasPending(key)
                .chain(queuedBefore -> fromEngage(contactId)
                        .chain(contact -> outbox.hasPending(key)
                                .chain(queuedAfter -> view(contactId, contact, queuedBefore || queuedAfter))))
                .onFailure(EngageErrors::isUnavailable).recoverWithUni(failure -> lastCopy(contactId, failure))
                .onFailure(EngageException.class).transform(EngageErrors::asApiError);
    }

    private Uni<EngageContact> fromEngage(String contactId) {
        return engage.contact(contactId)
                .map(found -> found.orElseThrow(() -> ApiException.notFound("No contact " + contactId + " in Engage")));
    }

    private Uni<ContactRead> view(String contactId, EngageContact contact, boolean changesQueued) {
        if (changesQueued) {
            return Uni.createFrom().item(new ContactRead(view(contact, true), null));
        }
        ContactView view = view(contact, false);
        return snapshots.replace(contactId, view).replaceWith(new ContactRead(view, null));
    }

    private Uni<ContactRead> lastCopy(String contactId, Throwable failure) {
        return snapshots.kept(contactId).map(kept -> {
            if (kept.isEmpty()) {
                throw unavailable(failure);
            }
            LOG.infof("Engage unavailable (%s): contact %s served from the copy kept %d s ago", failure.getMessage(),
                    contactId, kept.get().age().toSeconds());
            metrics.counter("contacts.stale.served").increment();
            return new ContactRead(kept.get().contact(), kept.get().age());
        });
    }

    /**
     * Sends the attributes that differ from the last values seen (field by field inside nested objects), and erases
     * exactly the paths in {@code clear}. Null and "" values in {@code attributes} are never sent.
     */
    public Uni<ChangeResult> update(String contactId, ObjectNode attributes, Set<String> clear) {
        return snapshots.attributes(contactId)
                .chain(seen -> {
                    ObjectNode changes = AttributeChanges.of(seen, attributes, clear);
                    if (changes.isEmpty()) {
                        return Uni.createFrom().item(new ChangeResult(ChangeResult.Status.UNCHANGED, contactId, List.of()));
                    }
                    ContactMessages.Update message = new ContactMessages.Update(contactId, changes);
                    return liveOrQueued(contactId, ContactMessages.UPDATE, message, fieldNames(changes),
                            () -> engage.patch(contactId, changes))
                            .call(result -> snapshots.apply(contactId, changes))
                            .call(result -> known.keysChanged(contactId, changes));
                });
    }

    /** Moves the contact to the configured type (Member), behind any queued change of it. */
    public Uni<ChangeResult> upgrade(String contactId) {
        String type = config.upgradeContactType();
        return liveOrQueued(contactId, ContactMessages.UPGRADE, new ContactMessages.Upgrade(contactId, type),
                List.of("contactType"), () -> engage.updateContactType(contactId, type));
    }

    private <P> Uni<ChangeResult> liveOrQueued(String contactId, MessageKind<P> kind, P message, List<String> fields,
            java.util.function.Supplier<Uni<Void>> liveCall) {
        String key = ContactKey.messageKey(contactId);
        return outbox.hasPending(key)
                .chain(queuedBefore -> queuedBefore
                        ? queue(key, kind, message, contactId, fields)
                        : liveCall.get()
                                .invoke(() -> LOG.infof("%s of contact %s applied in Engage", kind.name(), contactId))
                                .replaceWith(new ChangeResult(ChangeResult.Status.APPLIED, contactId, fields))
                                .onFailure(EngageErrors::isUnavailable)
                                .recoverWithUni(failure -> {
                                    LOG.infof("Engage unavailable (%s): %s of contact %s queued", failure.getMessage(),
                                            kind.name(), contactId);
                                    return queue(key, kind, message, contactId, fields);
                                })
                                .onFailure(EngageException.class).transform(EngageErrors::asApiError));
    }

    private <P> Uni<ChangeResult> queue(String key, MessageKind<P> kind, P message, String contactId,
            List<String> fields) {
        return outbox.enqueue(pool, kind, key, message)
                .invoke(() -> metrics.counter("contacts.queued", "kind", kind.name()).increment())
                .replaceWith(new ChangeResult(ChangeResult.Status.QUEUED, contactId, fields));
    }

    private static List<String> fieldNames(ObjectNode changes) {
        return AttributePath.leaves(changes);
    }

    private ApiException unavailable(Throwable failure) {
        return EngageErrors.unavailable(failure, "; try again later", config.unavailableRetryAfterSeconds());
    }

    /** A contact as My Pages reads it; {@code pendingChanges}: changes of it are queued, not in Engage yet. */
    private static ContactView view(EngageContact contact, boolean pendingChanges) {
        return new ContactView(contact.id(), contact.contactType(), contact.attributes(), contact.preferences(),
                contact.consents(), pendingChanges);
    }
}

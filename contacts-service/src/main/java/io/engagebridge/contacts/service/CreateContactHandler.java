package io.engagebridge.contacts.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.contacts.ContactKey;
import io.engagebridge.contacts.config.ContactsConfig;
import io.engagebridge.contacts.repository.ContactKeyRepository;
import io.engagebridge.engage.EngageClient;
import io.engagebridge.engage.EngageCodes;
import io.engagebridge.engage.model.ContactLookup;
import io.engagebridge.outbox.GiveUp;
import io.engagebridge.outbox.Outbox;
import io.engagebridge.outbox.OutboxHandler;
import io.engagebridge.outbox.OutboxMessage;
import io.engagebridge.outbox.RetryLater;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Replays queued contact creations. Alone, one {@code POST contacts}; several at once, one {@code POST contacts/bulk}
 * per contact type (at most 4000 each). Bulk answers carry no ids, so each bulk-created contact gets a
 * {@code contact.resolve} message that learns its contactId. A creation whose outcome is unknown is looked up by key
 * first and never goes in a bulk.
 */
@ApplicationScoped
public class CreateContactHandler implements OutboxHandler {

    private static final Logger LOG = Logger.getLogger(CreateContactHandler.class);

    private final EngageClient engage;
    private final ContactKeyRepository keys;
    private final ContactChooser chooser;
    private final Outbox outbox;
    private final ContactsConfig config;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    public CreateContactHandler(EngageClient engage, ContactKeyRepository keys, ContactChooser chooser, Outbox outbox,
            ContactsConfig config, ObjectMapper json, MeterRegistry metrics) {
        this.engage = engage;
        this.keys = keys;
        this.chooser = chooser;
        this.outbox = outbox;
        this.config = config;
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    public String kind() {
        return ContactMessages.CREATE;
    }

    @Override
    public int maxBatch() {
        return Math.min(config.bulkSize(), EngageClient.MAX_BULK_CONTACTS);
    }

    @Override
    public Uni<Void> handle(OutboxMessage message) {
        ContactMessages.Create create = parse(message);
        ContactKey key = create.key();
        return alreadyKnown(key).chain(known -> {
            if (known) {
                return Uni.createFrom().voidItem();
            }
            Uni<Boolean> foundFirst = create.outcomeUnknown() || message.attempts() > 1
                    ? lookUpAndRemember(key)
                    : Uni.createFrom().item(false);
            return foundFirst.chain(found -> found ? Uni.createFrom().voidItem() : createOne(create));
        });
    }

    private Uni<Void> createOne(ContactMessages.Create create) {
        ContactKey key = create.key();
        return engage.createContact(create.body(), create.options())
                .invoke(() -> metrics.counter("contacts.created", "how", "replayed").increment())
                .chain(contact -> Panache.withTransaction(() -> keys.remember(key, contact.id())))
                .onFailure(EngageClient.isCode(EngageCodes.APPROVED_CONTACT_WITH_KEY_EXISTS)
                        .or(EngageClient.isCode(EngageCodes.CONTACT_WITH_KEY_IS_BEING_CREATED)))
                .recoverWithUni(() -> lookUpAndRemember(key).invoke(found -> {
                    if (!found) {
                        throw new RetryLater("Engage says the contact is being created", config.resolveRetry());
                    }
                }).replaceWithVoid());
    }

    @Override
    public Uni<Void> handleBatch(List<OutboxMessage> messages) {
        List<ContactMessages.Create> creates = messages.stream().map(this::parse).toList();
        return Multi.createFrom().iterable(creates)
                .onItem().transformToUniAndConcatenate(c -> alreadyKnown(c.key()).map(known -> known ? null : c))
                .filter(c -> c != null)
                .collect().asList()
                .chain(this::sendInBulk);
    }

    private Uni<Void> sendInBulk(List<ContactMessages.Create> waiting) {
        List<ContactMessages.Create> unknown = waiting.stream().filter(ContactMessages.Create::outcomeUnknown).toList();
        Map<String, List<ContactMessages.Create>> byType = new LinkedHashMap<>();
        waiting.stream().filter(c -> !c.outcomeUnknown())
                .forEach(c -> byType.computeIfAbsent(c.contactType(), t -> new ArrayList<>()).add(c));
        Uni<Void> oneByOne = Multi.createFrom().iterable(unknown)
                .onItem().transformToUniAndConcatenate(c -> lookUpAndRemember(c.key())
                        .chain(found -> found ? Uni.createFrom().voidItem() : createOne(c)))
                .collect().last().replaceWithVoid();
        return oneByOne.chain(() -> Multi.createFrom().iterable(byType.entrySet())
                .onItem().transformToUniAndConcatenate(e -> bulk(e.getKey(), e.getValue()))
                .collect().last().replaceWithVoid());
    }

    private Uni<Void> bulk(String contactType, List<ContactMessages.Create> creates) {
        List<ObjectNode> bodies = creates.stream().map(c -> {
            ObjectNode body = c.body().deepCopy();
            body.remove("contactType");
            return body;
        }).toList();
        return engage.bulkCreateContacts(contactType, bodies)
                .invoke(batchId -> {
                    LOG.infof("Bulk creation of %d %s contact(s) accepted by Engage as batch %s", creates.size(),
                            contactType, batchId);
                    metrics.counter("contacts.created", "how", "bulk").increment(creates.size());
                })
                .chain(batchId -> Panache.withTransaction(() -> Multi.createFrom().iterable(creates)
                        .onItem().transformToUniAndConcatenate(c -> outbox.enqueue(ContactMessages.RESOLVE,
                                "resolve:" + c.key().lookupKey(), new ContactMessages.Resolve(c.keyType(), c.keyValue())))
                        .collect().last()))
                .replaceWithVoid();
    }

    private Uni<Boolean> alreadyKnown(ContactKey key) {
        return Panache.withSession(() -> keys.findById(key.lookupKey())).map(k -> k != null && k.isKnown());
    }

    /** {@code GET contacts/id}; when found (or chosen among several), stores the contactId. */
    Uni<Boolean> lookUpAndRemember(ContactKey key) {
        return engage.findContactId(key.type(), key.value()).chain(lookup -> {
            if (lookup instanceof ContactLookup.Found found) {
                return Panache.withTransaction(() -> keys.remember(key, found.contactId())).replaceWith(true);
            }
            if (lookup instanceof ContactLookup.MultipleMatches multiple) {
                return chooser.choose(multiple.contactIds(), engage::contact)
                        .chain(chosen -> chosen.isEmpty() ? Uni.createFrom().item(false)
                                : Panache.withTransaction(() -> keys.remember(key, chosen.get())).replaceWith(true));
            }
            return Uni.createFrom().item(false);
        });
    }

    private ContactMessages.Create parse(OutboxMessage message) {
        try {
            return json.readValue(message.payload(), ContactMessages.Create.class);
        } catch (Exception e) {
            throw new GiveUp("Unreadable contact.create payload: " + e.getMessage());
        }
    }
}

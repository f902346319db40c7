package io.engagebridge.contacts.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.contacts.ContactKey;
import io.engagebridge.contacts.config.ContactsConfig;
import io.engagebridge.contacts.engage.ContactsEngage;
import io.engagebridge.contacts.repository.ContactKeyRepository;
import io.engagebridge.engage.EngageClient;
import io.engagebridge.engage.EngageRejectedException;
import io.engagebridge.engage.model.ContactLookup;
import io.engagebridge.outbox.MessageKind;
import io.engagebridge.outbox.Outbox;
import io.engagebridge.outbox.OutboxHandler;
import io.engagebridge.outbox.OutboxMessage;
import io.engagebridge.outbox.SendFailed;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Replays queued contact creations, never creating one twice. A creation that may already have happened (the live
 * lookup never answered, the live create's outcome is unknown, or any earlier attempt of this message: a timeout, a
 * cut connection, a replica killed mid-send) is looked up by key first and sent only if absent. What is left goes
 * as one {@code POST contacts} each when it carries create options or is alone of its type, otherwise as one
 * {@code POST contacts/bulk} per contact type (at most 4000 each). Bulk answers carry no ids: each accepted batch
 * gets one {@code contact.bulk-batch} message that learns them, and its keys are marked so that no retry sends them
 * again.
 */
@ApplicationScoped
public class CreateContactHandler implements OutboxHandler<ContactMessages.Create> {

    private static final Logger LOG = Logger.getLogger(CreateContactHandler.class);

    private final EngageClient engage;
    private final ContactKeyRepository keys;
    private final KnownContacts known;
    private final ContactChooser chooser;
    private final Outbox outbox;
    private final AgeSchedule schedule;
    private final ContactsConfig config;
    private final Pool pool;
    private final MeterRegistry metrics;

    public CreateContactHandler(EngageClient engage, ContactKeyRepository keys, KnownContacts known,
            ContactChooser chooser, Outbox outbox, AgeSchedule schedule, ContactsConfig config, Pool pool,
            MeterRegistry metrics) {
        this.engage = engage;
        this.keys = keys;
        this.known = known;
        this.chooser = chooser;
        this.outbox = outbox;
        this.schedule = schedule;
        this.config = config;
        this.pool = pool;
        this.metrics = metrics;
    }

    @Override
    public MessageKind<ContactMessages.Create> kind() {
        return ContactMessages.CREATE;
    }

    @Override
    public int maxBatch() {
        return Math.min(config.bulkSize(), EngageClient.MAX_BULK_CONTACTS);
    }

    @Override
    public Uni<Void> handle(OutboxMessage<ContactMessages.Create> message) {
        return stillToCreate(message).chain(create -> create == null ? Uni.createFrom().voidItem() : createOne(create));
    }

    @Override
    public Uni<Void> handleBatch(List<OutboxMessage<ContactMessages.Create>> messages) {
        return Multi.createFrom().iterable(messages)
                .onItem().transformToUniAndConcatenate(this::stillToCreate)
                .filter(Objects::nonNull)
                .collect().asList()
                .chain(this::sendInGroups);
    }

    /**
     * The creation a message still needs, or null: none when the key is known or already went out in an accepted
     * bulk batch, nor when a lookup made because the contact may exist finds it.
     */
    private Uni<ContactMessages.Create> stillToCreate(OutboxMessage<ContactMessages.Create> message) {
        ContactMessages.Create create = message.payload();
        return alreadyHandled(create.key()).chain(handled -> {
            if (handled) {
                return Uni.createFrom().nullItem();
            }
            if (!mayAlreadyExist(create, message)) {
                return Uni.createFrom().item(create);
            }
            return lookUpAndRemember(create.key()).map(found -> found ? null : create);
        });
    }

    /** Queued with "look up first", or tried before: an earlier attempt's outcome is unknown (even a whole bulk's). */
    private static boolean mayAlreadyExist(ContactMessages.Create create, OutboxMessage<?> message) {
        return create.lookUpFirst() || message.attempts() > 1;
    }

    /**
     * Engage documents only {@code contactType} as a query parameter of {@code POST contacts/bulk}, so creations
     * carrying {@code source}/{@code storeExternalId}/{@code createAsUnapproved} go one by one.
     */
    private Uni<Void> sendInGroups(List<ContactMessages.Create> creates) {
        List<ContactMessages.Create> oneByOne = new ArrayList<>();
        Map<String, List<ContactMessages.Create>> bulkByType = new LinkedHashMap<>();
        for (ContactMessages.Create create : creates) {
            if (create.hasOptions()) {
                oneByOne.add(create);
            } else {
                bulkByType.computeIfAbsent(create.contactType(), type -> new ArrayList<>()).add(create);
            }
        }
        Map<String, List<ContactMessages.Create>> bulks = new LinkedHashMap<>();
        bulkByType.forEach((type, group) -> {
            // Alone of its type: one request either way, and a single create answers the id at once.
            if (group.size() == 1) {
                oneByOne.add(group.get(0));
            } else {
                bulks.put(type, group);
            }
        });
        return inTurn(oneByOne, this::createOneOfMany)
                .chain(() -> inTurn(List.copyOf(bulks.entrySet()), bulk -> bulk(bulk.getKey(), bulk.getValue())));
    }

    private Uni<Void> createOne(ContactMessages.Create create) {
        ContactKey key = create.key();
        return engage.createContact(create.body(), create.options())
                .invoke(() -> metrics.counter("contacts.created", "how", "replayed").increment())
                .chain(contact -> known.created(key, contact.id(), create.attributes()))
                .onFailure(ContactsEngage.KEY_EXISTS_OR_BEING_CREATED).recoverWithUni(() -> lookUpAndRemember(key)
                        .invoke(found -> {
                            if (!found) {
                                throw SendFailed.notYet("Engage says the contact is being created", schedule.first());
                            }
                        })
                        .replaceWithVoid());
    }

    /**
     * A single create inside a replayed batch, whose outcome applies to every message of the batch: Engage rejecting
     * this one contact's data must not make the others DEAD, so it is queued again alone, to end DEAD by itself.
     */
    private Uni<Void> createOneOfMany(ContactMessages.Create create) {
        return createOne(create)
                .onFailure(EngageRejectedException.class).recoverWithUni(rejected -> {
                    LOG.warnf("Engage rejected a replayed creation (%s): queued again alone", rejected.getMessage());
                    return outbox.enqueue(pool, ContactMessages.CREATE, create.key().messageKey(), create)
                            .replaceWithVoid();
                });
    }

    private Uni<Void> bulk(String contactType, List<ContactMessages.Create> creates) {
        List<ObjectNode> bodies = creates.stream().map(ContactMessages.Create::attributes).toList();
        return engage.bulkCreateContacts(contactType, bodies)
                .invoke(batchId -> {
                    LOG.infof("Bulk creation of %d %s contact(s) accepted by Engage as batch %s", creates.size(),
                            contactType, batchId);
                    metrics.counter("contacts.created", "how", "bulk").increment(creates.size());
                })
                .chain(batchId -> pool.withTransaction(tx -> keys
                        .markSentInBulk(tx, creates.stream().map(ContactMessages.Create::key).toList(), batchId)
                        .chain(() -> outbox.enqueue(tx, ContactMessages.BULK_BATCH, batchMessageKey(batchId, creates),
                                new ContactMessages.BulkBatch(batchId, contactType, creates.stream()
                                        .map(c -> new ContactMessages.Resolve(c.keyType(), c.keyValue(), c.attributes()))
                                        .toList())))))
                .replaceWithVoid();
    }

    private static String batchMessageKey(String batchId, List<ContactMessages.Create> creates) {
        return "bulk:" + (batchId == null || batchId.isBlank() ? creates.get(0).key().lookupKey() : batchId);
    }

    private Uni<Boolean> alreadyHandled(ContactKey key) {
        return keys.find(key.lookupKey()).map(k -> k.isPresent() && k.get().isKnownOrSentInBulk());
    }

    /** {@code GET contacts/id}; when found (or chosen among several), stores the contactId. */
    Uni<Boolean> lookUpAndRemember(ContactKey key) {
        return lookUpAndRemember(key, null);
    }

    /**
     * {@code GET contacts/id}; when found (or chosen among several), stores the contactId, and {@code sent} as its
     * last-seen attributes when this service created it with them (null otherwise).
     */
    Uni<Boolean> lookUpAndRemember(ContactKey key, ObjectNode sent) {
        return engage.findContactId(key.type(), key.value()).chain(lookup -> {
            if (lookup instanceof ContactLookup.Found found) {
                return remember(key, found.contactId(), sent).replaceWith(true);
            }
            if (lookup instanceof ContactLookup.MultipleMatches multiple) {
                return chooser.choose(multiple.contactIds(), engage::contact)
                        .chain(chosen -> chosen.isEmpty() ? Uni.createFrom().item(false)
                                : known.found(key, chosen.get()).replaceWith(true));
            }
            return Uni.createFrom().item(false);
        });
    }

    private Uni<Void> remember(ContactKey key, String contactId, ObjectNode sent) {
        return sent == null ? known.found(key, contactId) : known.created(key, contactId, sent);
    }

    private static <T> Uni<Void> inTurn(List<T> items, Function<? super T, Uni<Void>> send) {
        return Multi.createFrom().iterable(items)
                .onItem().transformToUniAndConcatenate(item -> send.apply(item))
                .collect().last()
                .replaceWithVoid();
    }
}

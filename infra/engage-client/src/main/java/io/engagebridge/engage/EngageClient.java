package io.engagebridge.engage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.engage.model.ContactLookup;
import io.engagebridge.engage.model.CreateContactOptions;
import io.engagebridge.engage.model.EngageContact;
import io.engagebridge.engage.model.EngageReceipt;
import io.engagebridge.engage.model.LookupKey;
import io.engagebridge.engage.model.PromotionAssignment;
import io.engagebridge.engage.model.PromotionAssignments;
import io.engagebridge.engage.model.RedeemResult;
import io.engagebridge.engage.model.TransactionsPage;
import io.smallrye.mutiny.Uni;

/**
 * The one door to Engage. Answers documented business outcomes as values (not found, multiple matches, already
 * redeemed) and every failure as an {@link EngageException} of one {@link FailureClass}.
 * <p>
 * It makes exactly one request per call: retries, timeouts and breakers belong to the caller, because a customer at
 * the till and the outbox relay want different ones (Voyado: background work retries late, users may retry sooner).
 */
@ApplicationScoped
public class EngageClient {

    /** Engage's limit for one bulk call. */
    public static final int MAX_BULK_CONTACTS = 4000;

    /** Reads Engage's answers as sent: unknown fields ignored, decimals exact (12.50 stays 12.50). */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private static final int MAX_ID_SHOWN = 64;
    private static final int MAX_REASON_SHOWN = 300;

    private final EngageApi api;
    private final EngageRateBudget budget;
    private final EngageConfig config;
    private final EngageSettings settings;

    public EngageClient(@RestClient EngageApi api, EngageRateBudget budget, EngageConfig config,
            EngageSettings settings) {
        this.api = api;
        this.budget = budget;
        this.config = config;
        this.settings = settings;
    }

    /** {@code GET contacts/id}: found, not found (404 ContactNotFound) or several (409 MultipleMatches). */
    public Uni<ContactLookup> findContactId(LookupKey key, String value) {
        return guard(() -> api.contactId(Map.of(key.queryParameter(), value)))
                .map(raw -> (ContactLookup) new ContactLookup.Found(unquote(raw)))
                .onFailure(isCode(EngageCodes.CONTACT_NOT_FOUND)).recoverWithItem(new ContactLookup.NotFound())
                .onFailure(isCode(EngageCodes.MULTIPLE_MATCHES)).recoverWithItem(
                        failure -> new ContactLookup.MultipleMatches(multipleMatchIds((EngageException) failure)));
    }

    /** {@code POST contacts}: the created contact. 409 (key exists, being created) reaches the caller as expected. */
    public Uni<EngageContact> createContact(ObjectNode attributes, CreateContactOptions options) {
        return guard(() -> api.createContact(options.source(), options.storeExternalId(), options.createAsUnapproved(),
                attributes));
    }

    /** {@code GET contacts/{id}}: empty when Engage says ContactNotFound. */
    public Uni<Optional<EngageContact>> contact(String contactId) {
        return guard(() -> api.contact(contactId))
                .map(Optional::of)
                .onFailure(isCode(EngageCodes.CONTACT_NOT_FOUND)).recoverWithItem(Optional.empty());
    }

    /** {@code PATCH contacts/{id}}: every field present is written, null and "" erase. Send only changes. */
    public Uni<Void> patchContact(String contactId, ObjectNode changes) {
        return guard(() -> api.patchContact(contactId, changes)).replaceWithVoid();
    }

    /** {@code POST contacts/{id}/updateContactType}: the type's mandatory fields must already be set. */
    public Uni<Void> updateContactType(String contactId, String contactTypeId) {
        return guard(() -> api.updateContactType(contactId, contactTypeId)).replaceWithVoid();
    }

    /** {@code POST contacts/bulk}: asynchronous, answers a batch id and no contactIds. At most 4000 contacts. */
    public Uni<String> bulkCreateContacts(String contactType, List<ObjectNode> contacts) {
        requireBulkSize(contacts);
        return guard(() -> api.bulkCreate(contactType, contacts)).map(EngageClient::unquote);
    }

    /** {@code GET contacts/bulk/status} (assumed from v2): the status document as Engage sends it. */
    public Uni<JsonNode> bulkStatus(String batchId) {
        return guard(() -> api.bulkStatus(batchId));
    }

    /** {@code GET transactions}: newest first. */
    public Uni<TransactionsPage> transactions(String contactId, int offset, int count) {
        return guard(() -> api.transactions(contactId, offset, count));
    }

    /** {@code POST receipts}: any 2xx means accepted (imported later, in batches; a repeated id is ignored). */
    public Uni<Void> sendReceipt(EngageReceipt receipt) {
        return guard(() -> api.sendReceipt(receipt)).replaceWithVoid();
    }

    /**
     * {@code GET promotion-assignments}; {@code channel} POS/ECOM/OTHER, or null for all. Read one assignment at a
     * time: one that cannot be read is left out and named in {@link PromotionAssignments#unreadable()}. A body that
     * is not a JSON array fails as {@link EngageErrors#unreadableAnswer} (REJECTED: an answer, not an outage).
     */
    public Uni<PromotionAssignments> promotionAssignments(String contactId, String channel) {
        return guard(() -> api.promotionAssignments(contactId, channel)).map(EngageClient::readAssignments);
    }

    /**
     * Redeems an assignment at the configured {@link RedeemPath}. 409 PromotionAlreadyRedeemed is answered as a
     * value: only the caller knows if it was its own.
     */
    public Uni<RedeemResult> redeem(String assignmentId, String channel) {
        Map<String, String> body = Map.of("redemptionChannel", channel);
        return guard(() -> switch (config.redeemPath()) {
            case PROMOTION_ASSIGNMENTS -> api.redeemAssignment(assignmentId, body);
            case PROMOTIONS_CODES -> api.redeemCode(assignmentId, body);
        })
                .replaceWith(RedeemResult.REDEEMED)
                .onFailure(isCode(EngageCodes.PROMOTION_ALREADY_REDEEMED))
                .recoverWithItem(RedeemResult.ALREADY_REDEEMED);
    }

    /**
     * Every request: a slot of the key's rate budget first, then the call. A 429 from Engage pauses every caller of
     * the key. Any failure leaves as an {@link EngageException}.
     */
    private <T> Uni<T> guard(Supplier<Uni<T>> call) {
        return budget.acquire()
                .onFailure(f -> !(f instanceof EngageException)).transform(f -> new EngageUnavailableException(0,
                        EngageErrors.RATE_BUDGET_UNAVAILABLE,
                        "The API key's rate budget cannot be reached (" + f.getMessage() + ")", null, null, f))
                .chain(() -> call.get()
                        .onFailure().transform(f -> EngageErrors.without(EngageErrors.classify(f), settings.apiKey()))
                        .onFailure(EngageRateLimitedException.class).call(tooMany -> budget.pause(
                                ((EngageException) tooMany).retryAfter().orElse(config.rateLimit().pause()))
                                .onFailure().recoverWithNull()));
    }

    /** A predicate for {@code onFailure(...)}: an Engage answer carrying this error code. */
    public static Predicate<Throwable> isCode(String code) {
        return failure -> failure instanceof EngageException e && e.hasCode(code);
    }

    /** GUIDs come as a JSON string or a bare string. */
    static String unquote(String raw) {
        if (raw == null) {
            return null;
        }
        String value = raw.strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value;
    }

    static PromotionAssignments readAssignments(String body) {
        if (body == null || body.isBlank()) {
            return new PromotionAssignments(List.of(), List.of());
        }
        JsonNode list;
        try {
            list = JSON.readTree(body);
        } catch (JsonProcessingException notJson) {
            throw EngageErrors.unreadableAnswer(200, "promotion-assignments is not JSON", body);
        }
        if (!list.isArray()) {
            throw EngageErrors.unreadableAnswer(200, "promotion-assignments is not a JSON array", body);
        }
        List<PromotionAssignment> readable = new ArrayList<>();
        List<PromotionAssignments.Unreadable> unreadable = new ArrayList<>();
        for (JsonNode node : list) {
            try {
                if (!node.isObject()) {
                    throw new IllegalArgumentException("not a JSON object");
                }
                readable.add(JSON.treeToValue(node, PromotionAssignment.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                unreadable.add(new PromotionAssignments.Unreadable(idOf(node), printable(reason, MAX_REASON_SHOWN)));
            }
        }
        return new PromotionAssignments(readable, unreadable);
    }

    /** An assignment's id for a log line, whatever Engage put there. */
    private static String idOf(JsonNode assignment) {
        JsonNode id = assignment.path("id");
        return id.isMissingNode() || id.isNull() ? "(no id)" : printable(id.isValueNode() ? id.asText() : id.toString(), MAX_ID_SHOWN);
    }

    /** One short line without control characters: safe to log. */
    private static String printable(String text, int max) {
        String line = text == null ? "" : text.replaceAll("\\p{Cntrl}", " ");
        return line.length() > max ? line.substring(0, max) + "..." : line;
    }

    private static List<String> multipleMatchIds(EngageException failure) {
        List<String> ids = new ArrayList<>();
        if (failure.rawBody() == null) {
            return ids;
        }
        try {
            JsonNode node = JSON.readTree(failure.rawBody()).path("multipleMatchesFound");
            node.forEach(id -> ids.add(id.asText()));
        } catch (Exception unreadable) {
            // The candidates are a convenience; the caller falls back to its own choice.
        }
        return ids;
    }

    private static void requireBulkSize(List<ObjectNode> contacts) {
        if (contacts.isEmpty() || contacts.size() > MAX_BULK_CONTACTS) {
            throw new IllegalArgumentException("A bulk call takes 1 to " + MAX_BULK_CONTACTS + " contacts, not "
                    + contacts.size());
        }
    }

}

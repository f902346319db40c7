package io.engagebridge.sandbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.StartupEvent;

/** Everything the sandbox knows, in memory. All access is synchronized: it is a demo, not a database. */
@ApplicationScoped
public class SandboxStore {

    /** Attributes a contact can be found by ({@code customKey} matches member number or external id). */
    static final List<String> KEY_ATTRIBUTES = List.of("email", "mobilePhone", "socialSecurityNumber", "memberNumber",
            "externalId");

    /** Stores that exist in this tenant; a receipt naming another is rejected. */
    static final List<String> STORES = List.of("S001", "S002", "WEB");

    private final ObjectMapper json;
    private final SandboxConfig config;

    private final Map<String, Contact> contacts = new LinkedHashMap<>();
    private final Map<String, Receipt> receipts = new LinkedHashMap<>();
    private final Map<String, Assignment> assignments = new LinkedHashMap<>();
    private final Map<String, ObjectNode> bulkBatches = new LinkedHashMap<>();
    /** What reached the sandbox, repeats included, for benchmarks that prove "exactly once" (see {@link #arrivals()}). */
    private final Map<String, Integer> receiptArrivals = new LinkedHashMap<>();
    private final Map<String, Integer> redemptionArrivals = new LinkedHashMap<>();
    private final Map<String, List<JsonNode>> contactChanges = new LinkedHashMap<>();

    public SandboxStore(ObjectMapper json, SandboxConfig config) {
        this.json = json;
        this.config = config;
    }

    /** A contact: its attributes and its type. */
    static final class Contact {
        final String id;
        final ObjectNode attributes;
        String contactType;
        final Instant createdAt = Instant.now();

        Contact(String id, ObjectNode attributes, String contactType) {
            this.id = id;
            this.attributes = attributes;
            this.contactType = contactType;
        }
    }

    /** A receipt as posted, and when Engage's import makes it visible. */
    record Receipt(String contactId, JsonNode body, Instant receivedAt, Instant visibleAt) {
    }

    /** A promotion assigned to a contact. */
    static final class Assignment {
        final ObjectNode body;
        final String contactId;
        Instant redeemedOn;
        String redeemedChannel;

        Assignment(ObjectNode body, String contactId) {
            this.body = body;
            this.contactId = contactId;
        }
    }

    void onStart(@jakarta.enterprise.event.Observes StartupEvent start) {
        if (config.demoData()) {
            loadDemoData();
        }
    }

    public synchronized void reset(boolean withDemoData) {
        contacts.clear();
        receipts.clear();
        assignments.clear();
        bulkBatches.clear();
        receiptArrivals.clear();
        redemptionArrivals.clear();
        contactChanges.clear();
        if (withDemoData) {
            loadDemoData();
        }
    }

    synchronized void loadDemoData() {
        String ann = addContact(attrs("email", "ann@example.com", "firstName", "Ann", "lastName", "Andersson",
                "mobilePhone", "+46701234567", "memberNumber", "M1001"), "Member", fixedId(1));
        String bob = addContact(attrs("email", "bob@example.com", "firstName", "Bob", "lastName", "Berg",
                "memberNumber", "M1002"), "Member", fixedId(2));
        addContact(attrs("email", "cecilia@example.com", "firstName", "Cecilia"), "Contact", fixedId(3));
        String expires = OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).toString();
        // redemptionChannels[].value as Voyado documents it: a number (PERCENT), an object (MONEY, the v2 shape),
        // absent (MANUAL), a string (EXTERNALOFFER, digits included).
        JsonNodeFactory nodes = json.getNodeFactory();
        assign(ann, "p-10off", "10% off everything", "PERCENT", nodes.numberNode(10), expires, "POS", "ECOM");
        assign(ann, "p-50sek", "50 SEK off in store", "MONEY",
                json.createObjectNode().put("amount", 50).put("currency", "SEK"), expires, "POS");
        assign(ann, "p-freeship", "Free shipping", "MANUAL", null, expires, "ECOM");
        assign(bob, "p-10off", "10% off everything", "PERCENT", nodes.numberNode(10), expires, "POS", "ECOM");
        assign(bob, "p-partner", "Partner offer", "EXTERNALOFFER", nodes.textNode("10056"), expires, "POS");
    }

    private static String fixedId(int n) {
        return String.format("00000000-0000-4000-8000-%012d", n);
    }

    private ObjectNode attrs(String... pairs) {
        ObjectNode node = json.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            node.put(pairs[i], pairs[i + 1]);
        }
        return node;
    }

    synchronized String addContact(ObjectNode attributes, String contactType, String id) {
        String contactId = id == null ? UUID.randomUUID().toString() : id;
        contacts.put(contactId, new Contact(contactId, attributes, contactType));
        return contactId;
    }

    synchronized String assign(String contactId, String promotionId, String name, String valueType, JsonNode value,
            String expiresOn, String... channels) {
        String id = UUID.randomUUID().toString();
        ObjectNode body = json.createObjectNode().put("id", id).put("promotionId", promotionId)
                .put("externalId", promotionId).put("name", name).put("heading", name)
                .put("description", name + " for our members").put("expiresOn", expiresOn).put("redeemed", false);
        body.putNull("redeemedOn");
        ArrayNode redemptionChannels = body.putArray("redemptionChannels");
        for (String channel : channels) {
            ObjectNode redemptionChannel = redemptionChannels.addObject().put("type", channel)
                    .put("valueType", valueType);
            if (value != null) {
                redemptionChannel.set("value", value.deepCopy());
            }
            redemptionChannel.put("instruction", "Show at checkout");
        }
        assignments.put(id, new Assignment(body, contactId));
        return id;
    }

    /**
     * Gives a contact {@code count} more promotions (10 % off, valid 30 days in the channels named), for benchmarks
     * that redeem more than the demo data holds; answers their assignment ids, or empty when there is no such contact.
     */
    synchronized Optional<List<String>> addPromotions(String contactId, int count, List<String> channels) {
        if (!contacts.containsKey(contactId)) {
            return Optional.empty();
        }
        String expires = OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).toString();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(assign(contactId, "p-added", "10% off (added)", "PERCENT", json.getNodeFactory().numberNode(10),
                    expires, channels.toArray(String[]::new)));
        }
        return Optional.of(ids);
    }

    /** Contacts whose key attribute equals the value; {@code customKey} looks at member number and external id. */
    synchronized List<String> findContacts(String parameter, String value) {
        List<String> attributesToCheck = switch (parameter) {
            case "customKey" -> List.of("memberNumber", "externalId");
            case "any" -> KEY_ATTRIBUTES;
            default -> List.of(parameter);
        };
        List<String> found = new ArrayList<>();
        for (Contact c : contacts.values()) {
            for (String attribute : attributesToCheck) {
                JsonNode v = c.attributes.get(attribute);
                if (v != null && v.asText().equalsIgnoreCase(value)) {
                    found.add(c.id);
                    break;
                }
            }
        }
        return found;
    }

    synchronized Optional<Contact> contact(String id) {
        return Optional.ofNullable(contacts.get(id));
    }

    /** Writes every field present; null and "" erase (Engage's rule). */
    synchronized void patch(Contact contact, ObjectNode changes) {
        contactChanges.computeIfAbsent(contact.id, id -> new ArrayList<>()).add(changes.deepCopy());
        changes.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value == null || value.isNull() || value.isTextual() && value.asText().isEmpty()) {
                contact.attributes.remove(field.getKey());
            } else {
                contact.attributes.set(field.getKey(), value);
            }
        });
    }

    synchronized ObjectNode contactJson(Contact c) {
        ObjectNode node = json.createObjectNode().put("id", c.id);
        node.set("attributes", c.attributes.deepCopy());
        node.putObject("meta").put("contactType", c.contactType).put("createdOn", c.createdAt.toString());
        node.putObject("preferences").put("acceptsEmail", c.attributes.has("email"));
        node.putArray("consents");
        return node;
    }

    /** Stores a receipt; false when its uniqueReceiptId was seen before (Engage ignores it silently). */
    synchronized boolean addReceipt(String uniqueReceiptId, String contactId, JsonNode body) {
        receiptArrivals.merge(uniqueReceiptId, 1, Integer::sum);
        if (receipts.containsKey(uniqueReceiptId)) {
            return false;
        }
        Instant now = Instant.now();
        receipts.put(uniqueReceiptId, new Receipt(contactId, body, now, now.plus(config.receiptVisibilityDelay())));
        return true;
    }

    /** Imported (visible) receipts of a contact, newest first. */
    synchronized List<Receipt> visibleReceipts(String contactId) {
        Instant now = Instant.now();
        return receipts.values().stream()
                .filter(r -> contactId.equals(r.contactId()) && !r.visibleAt().isAfter(now))
                .sorted(Comparator.comparing(Receipt::receivedAt).reversed())
                .toList();
    }

    synchronized List<ObjectNode> activeAssignments(String contactId, String channel) {
        Instant now = Instant.now();
        return assignments.values().stream()
                .filter(a -> a.contactId.equals(contactId) && a.redeemedOn == null)
                .filter(a -> OffsetDateTime.parse(a.body.get("expiresOn").asText()).toInstant().isAfter(now))
                .filter(a -> channel == null || allows(a, channel))
                .map(a -> a.body.deepCopy())
                .toList();
    }

    synchronized Optional<Assignment> assignment(String id) {
        return Optional.ofNullable(assignments.get(id));
    }

    static boolean allows(Assignment a, String channel) {
        for (JsonNode c : a.body.withArray("redemptionChannels")) {
            if (c.path("type").asText().equalsIgnoreCase(channel)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Redeems the assignment unless it was redeemed before (false then: Engage's 409 PromotionAlreadyRedeemed). Either
     * way the call counts as an arrival of that redemption.
     */
    synchronized boolean redeemOnce(Assignment a, String channel) {
        redemptionArrivals.merge(a.body.get("id").asText(), 1, Integer::sum);
        if (a.redeemedOn != null) {
            return false;
        }
        redeem(a, channel);
        return true;
    }

    private void redeem(Assignment a, String channel) {
        a.redeemedOn = Instant.now();
        a.redeemedChannel = channel;
        a.body.put("redeemed", true).put("redeemedOn", a.redeemedOn.toString());
    }

    synchronized String addBulkBatch(ObjectNode status) {
        String id = UUID.randomUUID().toString();
        status.put("batchId", id);
        bulkBatches.put(id, status);
        return id;
    }

    synchronized Optional<ObjectNode> bulkBatch(String id) {
        return Optional.ofNullable(bulkBatches.get(id));
    }

    /**
     * Per id, how many times it reached the sandbox, repeats included (a repeat changes nothing in Engage, but was sent
     * twice): {@code receipts} by uniqueReceiptId (every {@code POST receipts} stored or ignored as a repeat),
     * {@code redemptions} by assignment id (every redeem of it in a channel it allows: redeemed, or 409
     * PromotionAlreadyRedeemed), {@code contactChanges} by contactId (every {@code PATCH contacts/{id}} applied, its
     * body, in order of arrival). Cleared by {@link #reset}.
     */
    synchronized ObjectNode arrivals() {
        ObjectNode node = json.createObjectNode();
        ObjectNode receiptCounts = node.putObject("receipts");
        receiptArrivals.forEach(receiptCounts::put);
        ObjectNode redemptionCounts = node.putObject("redemptions");
        redemptionArrivals.forEach(redemptionCounts::put);
        ObjectNode changes = node.putObject("contactChanges");
        contactChanges.forEach((id, bodies) -> bodies.forEach(body -> changes.withArray(id).add(body.deepCopy())));
        return node;
    }

    /** What the sandbox holds, for people watching a demo. */
    synchronized ObjectNode snapshot() {
        ObjectNode node = json.createObjectNode();
        ArrayNode contactList = node.putArray("contacts");
        contacts.values().forEach(c -> contactList.add(contactJson(c)));
        ArrayNode receiptList = node.putArray("receipts");
        Instant now = Instant.now();
        receipts.forEach((id, r) -> receiptList.addObject().put("uniqueReceiptId", id)
                .put("contactId", r.contactId()).put("receivedAt", r.receivedAt().toString())
                .put("imported", !r.visibleAt().isAfter(now)));
        ArrayNode redemptions = node.putArray("redemptions");
        assignments.values().stream().filter(a -> a.redeemedOn != null).forEach(a -> redemptions.addObject()
                .put("assignmentId", a.body.get("id").asText()).put("contactId", a.contactId)
                .put("channel", a.redeemedChannel).put("redeemedOn", a.redeemedOn.toString()));
        node.putArray("bulkBatches").addAll(bulkBatches.values());
        return node;
    }
}

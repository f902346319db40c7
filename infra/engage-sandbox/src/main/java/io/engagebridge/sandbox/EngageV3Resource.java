package io.engagebridge.sandbox;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** The Engage API v3 endpoints this project uses, with the documented behaviour (engage-api.md). */
@Path("/api/v3")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class EngageV3Resource {

    private static final List<String> LOOKUP_PARAMETERS = List.of("email", "mobilePhone", "socialSecurityNumber",
            "customKey", "any");
    private static final String MEMBER = "Member";

    private final SandboxStore store;
    private final ObjectMapper json;
    private final SandboxConfig config;

    public EngageV3Resource(SandboxStore store, ObjectMapper json, SandboxConfig config) {
        this.store = store;
        this.json = json;
        this.config = config;
    }

    @GET
    @Path("/contacts/id")
    public Response contactId(UriInfo uri) {
        var query = uri.getQueryParameters();
        for (String parameter : LOOKUP_PARAMETERS) {
            String value = query.getFirst(parameter);
            if (value == null || value.isBlank()) {
                continue;
            }
            if (parameter.equals("email") && !value.contains("@")) {
                return error(400, "InvalidEmailAddress", "Not an e-mail address");
            }
            if (parameter.equals("mobilePhone") && !value.matches("\\+?[0-9 ()-]{6,20}")) {
                return error(400, "InvalidPhoneNumber", "Not a phone number");
            }
            List<String> found = store.findContacts(parameter, value);
            if (found.isEmpty()) {
                return error(404, "ContactNotFound", "No contact matches");
            }
            if (found.size() > 1) {
                ObjectNode body = errorBody("MultipleMatches", "Several contacts match");
                body.putArray("multipleMatchesFound").addAll(found.stream().map(TextNode::new).toList());
                return Response.status(409).entity(body).build();
            }
            return Response.ok(new TextNode(found.get(0))).build();
        }
        return error(400, "InvalidQuery", "Give one of " + LOOKUP_PARAMETERS);
    }

    @POST
    @Path("/contacts")
    public Response createContact(@RestQuery String source, @RestQuery String storeExternalId,
            @RestQuery Boolean createAsUnapproved, JsonNode body) {
        if (body == null || !body.isObject()) {
            return error(400, "InvalidBody", "A contact is a JSON object of attributes");
        }
        ObjectNode attributes = ((ObjectNode) body).deepCopy();
        String contactType = attributes.has("contactType") ? attributes.remove("contactType").asText() : MEMBER;
        String key = SandboxStore.KEY_ATTRIBUTES.stream().filter(attributes::hasNonNull).findFirst().orElse(null);
        if (key == null) {
            return error(400, "MissingKeyAttribute", "The contact needs a key attribute (e.g. email)");
        }
        if (attributes.hasNonNull("email") && !attributes.get("email").asText().contains("@")) {
            return error(422, "InvalidEmailAddress", "Not an e-mail address");
        }
        // This tenant's unique key attribute is email; other keys may repeat (hence MultipleMatches).
        if (attributes.hasNonNull("email") && !store.findContacts("email", attributes.get("email").asText()).isEmpty()) {
            return error(409, "ApprovedContactWithKeyExists", "A contact with this key exists");
        }
        String id = store.addContact(attributes, contactType, null);
        return Response.status(201).entity(store.contactJson(store.contact(id).orElseThrow())).build();
    }

    @GET
    @Path("/contacts/{contactId}")
    public Response contact(@RestPath String contactId) {
        return store.contact(contactId)
                .map(c -> Response.ok(store.contactJson(c)).build())
                .orElseGet(() -> error(404, "ContactNotFound", "No contact " + contactId));
    }

    @PATCH
    @Path("/contacts/{contactId}")
    public Response patchContact(@RestPath String contactId, JsonNode changes) {
        var contact = store.contact(contactId);
        if (contact.isEmpty()) {
            return error(404, "ContactNotFound", "No contact " + contactId);
        }
        if (changes == null || !changes.isObject()) {
            return error(400, "InvalidBody", "Changes are a JSON object of attributes");
        }
        if (changes.has("contactType")) {
            return error(400, "ContactTypeCannotBeChanged", "Use updateContactType");
        }
        store.patch(contact.get(), (ObjectNode) changes);
        return Response.ok(store.contactJson(contact.get())).build();
    }

    @POST
    @Path("/contacts/{contactId}/updateContactType")
    public Response updateContactType(@RestPath String contactId, @RestQuery String contactTypeId) {
        var contact = store.contact(contactId);
        if (contact.isEmpty()) {
            return error(404, "ContactNotFound", "No contact " + contactId);
        }
        if (MEMBER.equals(contactTypeId) && !contact.get().attributes.hasNonNull("email")) {
            return error(400, "MandatoryFieldMissing", "A Member needs an email");
        }
        contact.get().contactType = contactTypeId;
        return Response.ok().build();
    }

    @POST
    @Path("/contacts/bulk")
    public Response bulkCreate(@RestQuery String contactType, JsonNode body) {
        return bulk(body, contactType == null ? MEMBER : contactType, true);
    }

    @PATCH
    @Path("/contacts/bulk")
    public Response bulkUpdate(@RestQuery String contactType, JsonNode body) {
        return bulk(body, contactType, false);
    }

    private Response bulk(JsonNode body, String contactType, boolean create) {
        if (body == null || !body.isArray() || body.isEmpty() || body.size() > 4000) {
            return error(400, "InvalidBulkSize", "A bulk call takes 1 to 4000 contacts");
        }
        ObjectNode status = json.createObjectNode();
        ArrayNode failures = json.createArrayNode();
        int succeeded = 0;
        for (JsonNode item : body) {
            Response one = create ? createContact(null, null, null, withType(item, contactType))
                    : item.hasNonNull("id") ? patchContact(item.get("id").asText(), withoutId(item))
                    : error(400, "MissingId", "A bulk update item needs its id");
            if (one.getStatus() < 300) {
                succeeded++;
            } else {
                failures.add(json.valueToTree(Map.of("index", failures.size(), "status", one.getStatus())));
            }
        }
        status.put("status", "Completed").put("total", body.size()).put("succeeded", succeeded)
                .put("failed", failures.size()).set("failures", failures);
        return Response.accepted(new TextNode(store.addBulkBatch(status))).build();
    }

    private static JsonNode withType(JsonNode item, String contactType) {
        ObjectNode copy = item.isObject() ? ((ObjectNode) item).deepCopy() : null;
        if (copy != null && !copy.has("contactType")) {
            copy.put("contactType", contactType);
        }
        return copy;
    }

    private static JsonNode withoutId(JsonNode item) {
        ObjectNode copy = ((ObjectNode) item).deepCopy();
        copy.remove("id");
        return copy;
    }

    @GET
    @Path("/contacts/bulk/status")
    public Response bulkStatus(@RestQuery String batchId) {
        return store.bulkBatch(batchId == null ? "" : batchId)
                .map(s -> Response.ok(s).build())
                .orElseGet(() -> error(404, "BatchNotFound", "No batch " + batchId));
    }

    @GET
    @Path("/transactions")
    public Response transactions(@RestQuery String contactId, @RestQuery Integer offset, @RestQuery Integer count) {
        if (contactId == null || store.contact(contactId).isEmpty()) {
            return error(404, "ContactNotFound", "No contact " + contactId);
        }
        int from = offset == null ? 0 : Math.max(0, offset);
        int size = count == null ? 100 : Math.max(0, Math.min(count, 1000));
        var visible = store.visibleReceipts(contactId);
        ObjectNode page = json.createObjectNode();
        ArrayNode items = page.putArray("items");
        visible.stream().skip(from).limit(size).forEach(r -> items.add(transaction(r)));
        page.put("totalCount", visible.size()).put("offset", from).put("count", items.size());
        return Response.ok(page).build();
    }

    private ObjectNode transaction(SandboxStore.Receipt receipt) {
        JsonNode body = receipt.body();
        ObjectNode t = json.createObjectNode()
                .put("id", "t-" + body.path("uniqueReceiptId").asText())
                .put("externalId", body.path("uniqueReceiptId").asText())
                .put("transactionNumber", body.path("receiptNumber").asText(null))
                .put("createdDate", body.path("createdDate").asText())
                .put("storeName", "Store " + body.path("storeExternalId").asText())
                .put("storeExternalId", body.path("storeExternalId").asText())
                .put("localCurrency", body.path("currency").asText());
        BigDecimal items = BigDecimal.ZERO;
        BigDecimal net = BigDecimal.ZERO;
        ArrayNode lines = t.putArray("lineItems");
        for (JsonNode item : body.path("items")) {
            items = items.add(item.path("quantity").decimalValue());
            BigDecimal paid = item.path("grossPaidPrice").decimalValue().subtract(item.path("taxAmount").decimalValue());
            net = net.add("RETURN".equals(item.path("type").asText()) ? paid.negate() : paid);
            lines.addObject().put("type", item.path("type").asText()).put("sku", item.path("sku").asText())
                    .put("articleName", item.path("articleName").asText())
                    .put("quantity", item.path("quantity").decimalValue())
                    .put("grossPaidPrice", item.path("grossPaidPrice").decimalValue());
        }
        return t.put("numberOfItems", items).put("netPriceSum", net);
    }

    @POST
    @Path("/receipts")
    public Response receipt(JsonNode body) {
        String missing = firstMissing(body, "contact", "uniqueReceiptId", "createdDate", "storeExternalId",
                "currency", "totalGrossPrice", "paymentMethods", "items");
        if (missing == null) {
            missing = firstMissing(body.get("contact"), "matchKey", "matchKeyType");
        }
        if (missing != null) {
            return error(400, "InvalidReceipt", missing + " is required");
        }
        if (!SandboxStore.STORES.contains(body.get("storeExternalId").asText())) {
            return error(400, "StoreNotFound", "Unknown store " + body.get("storeExternalId").asText());
        }
        String contactId = resolve(body.get("contact"));
        // Engage accepts and later drops a receipt for an unknown contact: keep it, unattached.
        store.addReceipt(body.get("uniqueReceiptId").asText(), contactId, body);
        return Response.accepted().build();
    }

    private String resolve(JsonNode contact) {
        String type = contact.get("matchKeyType").asText();
        String key = contact.get("matchKey").asText();
        if ("contactId".equals(type)) {
            return store.contact(key).map(c -> c.id).orElse(null);
        }
        List<String> found = store.findContacts(type, key);
        return found.size() == 1 ? found.get(0) : null;
    }

    @GET
    @Path("/promotion-assignments")
    public Response assignments(@RestQuery String contactId, @RestQuery String redemptionChannelType) {
        if (contactId == null || store.contact(contactId).isEmpty()) {
            return error(404, "ContactNotFound", "No contact " + contactId);
        }
        return Response.ok(store.activeAssignments(contactId, redemptionChannelType)).build();
    }

    @POST
    @Path("/promotion-assignments/{id}/redeem")
    public Response redeemAssignment(@RestPath String id, JsonNode body) {
        return redeemAt(SandboxConfig.RedeemPath.PROMOTION_ASSIGNMENTS, id, body);
    }

    @POST
    @Path("/promotions/codes/{id}/redeem")
    public Response redeemCode(@RestPath String id, JsonNode body) {
        return redeemAt(SandboxConfig.RedeemPath.PROMOTIONS_CODES, id, body);
    }

    /** Voyado documents two redeem paths; a tenant serves one. So does the sandbox: {@code sandbox.redeem-path}. */
    private Response redeemAt(SandboxConfig.RedeemPath used, String id, JsonNode body) {
        SandboxConfig.RedeemPath served = config.redeemPath();
        if (used != served) {
            return error(404, "RedeemPathNotServed", "This sandbox serves redeem at " + served.template()
                    + " only (sandbox.redeem-path=" + served.setting() + "), not at " + used.template()
                    + ": set ENGAGE_REDEEM_PATH (engage.redeem-path) to " + served.setting()
                    + " to match, or SANDBOX_REDEEM_PATH to play another tenant");
        }
        return redeem(id, body);
    }

    private Response redeem(String id, JsonNode body) {
        String channel = body == null ? null : body.path("redemptionChannel").asText(null);
        if (channel == null) {
            return error(400, "InvalidBody", "redemptionChannel is required");
        }
        var assignment = store.assignment(id);
        if (assignment.isEmpty()) {
            return error(404, "PromotionNotFound", "No promotion " + id);
        }
        synchronized (store) {
            if (assignment.get().redeemedOn == null && !SandboxStore.allows(assignment.get(), channel)) {
                return error(409, "PromotionNotValidForRedemptionChannel", "Not valid in " + channel);
            }
            if (!store.redeemOnce(assignment.get(), channel)) {
                return error(409, "PromotionAlreadyRedeemed", "Already redeemed");
            }
        }
        return Response.ok().build();
    }

    private static String firstMissing(JsonNode node, String... fields) {
        if (node == null || !node.isObject()) {
            return "body";
        }
        for (String field : fields) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull() || value.isTextual() && value.asText().isBlank()) {
                return field;
            }
        }
        return null;
    }

    private ObjectNode errorBody(String code, String message) {
        ObjectNode body = json.createObjectNode();
        body.putArray("errors").addObject().put("code", code).put("message", message);
        return body;
    }

    Response error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(errorBody(code, message)).build();
    }
}

package io.engagebridge.gateway.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestPath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.engagebridge.gateway.security.ChangeRules;
import io.engagebridge.gateway.service.CachedReads;
import io.engagebridge.gateway.service.Passthrough;
import io.engagebridge.gateway.upstream.Answer;
import io.engagebridge.gateway.upstream.ContactsUpstream;
import io.engagebridge.gateway.upstream.PromotionsUpstream;
import io.engagebridge.gateway.upstream.TransactionsUpstream;
import io.engagebridge.web.ApiException;
import io.engagebridge.web.Channel;
import io.engagebridge.web.Ids;
import io.smallrye.mutiny.Uni;

/** The till and the e-com back end. Never answered from cache; writes evict what they change for My Pages. */
@Path("/api/v1")
@RolesAllowed("pos")
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class PosResource {

    /** A receipt id as the tills send it (up to 100 characters); Engage ids are {@link Ids}. */
    private static final String RECEIPT_ID = "[A-Za-z0-9-]{1,100}";

    private final Passthrough passthrough;
    private final ChangeRules rules;
    private final CachedReads cache;
    private final ContactsUpstream contacts;
    private final TransactionsUpstream transactions;
    private final PromotionsUpstream promotions;
    private final ObjectMapper json;

    public PosResource(Passthrough passthrough, ChangeRules rules, CachedReads cache, ContactsUpstream contacts,
            TransactionsUpstream transactions, PromotionsUpstream promotions, ObjectMapper json) {
        this.passthrough = passthrough;
        this.rules = rules;
        this.cache = cache;
        this.contacts = contacts;
        this.transactions = transactions;
        this.promotions = promotions;
        this.json = json;
    }

    @POST
    @Path("/contacts/identify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Identify a customer by one key; create them when asked")
    public Uni<Response> identify(JsonNode body) {
        return passthrough.answer(contacts.identify(object(body)));
    }

    @GET
    @Path("/contacts/{contactId}")
    public Uni<Response> contact(@RestPath String contactId) {
        return passthrough.answer(contacts.contact(checked(contactId)));
    }

    @PATCH
    @Path("/contacts/{contactId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a contact's attributes; one not on gateway.pos.changeable-attributes is a 403 naming it")
    public Uni<Response> update(@RestPath String contactId, JsonNode body) {
        String id = checked(contactId);
        rules.pos().check(body);
        return passthrough.answer(contacts.update(id, body)).call(() -> cache.evictProfile(id));
    }

    @POST
    @Path("/contacts/{contactId}/upgrade")
    public Uni<Response> upgrade(@RestPath String contactId) {
        String id = checked(contactId);
        return passthrough.answer(contacts.upgrade(id)).call(() -> cache.evictProfile(id));
    }

    @GET
    @Path("/contacts/{contactId}/promotions")
    public Uni<Response> promotions(@RestPath String contactId, @QueryParam("channel") @DefaultValue("POS") String channel) {
        return passthrough.answer(promotions.promotions(checked(contactId), Channel.parse(channel, "channel").name()));
    }

    @POST
    @Path("/receipts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A finished purchase or return: accepted (202) whatever Engage's state")
    public Uni<Response> receipt(String body) {
        return passthrough.answer(transactions.accept(body).call(this::evictPurchasesOf));
    }

    @GET
    @Path("/receipts/{uniqueReceiptId}")
    public Uni<Response> receiptStatus(@RestPath String uniqueReceiptId) {
        return passthrough.answer(transactions.receipt(checkedReceiptId(uniqueReceiptId)));
    }

    @POST
    @Path("/promotions/{assignmentId}/redeem")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> redeem(@RestPath String assignmentId, JsonNode body) {
        String id = checked(assignmentId);
        String contactId = object(body).path("contactId").isTextual() ? body.get("contactId").asText() : null;
        return passthrough.answer(promotions.redeem(id, body))
                .call(() -> contactId == null ? Uni.createFrom().voidItem() : cache.evictPromotions(contactId));
    }

    /** The receipt's contact, as transactions-service's answer names it (when known). */
    private Uni<Void> evictPurchasesOf(Answer answer) {
        String contactId = null;
        if (answer.isOk() && answer.body() != null) {
            try {
                JsonNode accepted = json.readTree(answer.body());
                contactId = accepted.path("contactId").isTextual() ? accepted.get("contactId").asText() : null;
            } catch (Exception unreadable) {
                contactId = null;
            }
        }
        return contactId == null ? Uni.createFrom().voidItem() : cache.evictPurchases(contactId);
    }

    /** A body the services read field by field: nothing else is passed on (the services check the fields). */
    private static JsonNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("The body must be a JSON object");
        }
        return body;
    }

    private static String checked(String id) {
        if (!Ids.isEngageId(id)) {
            throw ApiException.badRequest("Not a valid id: " + id);
        }
        return id;
    }

    private static String checkedReceiptId(String id) {
        if (!id.matches(RECEIPT_ID)) {
            throw ApiException.badRequest("Not a valid id: " + id);
        }
        return id;
    }
}

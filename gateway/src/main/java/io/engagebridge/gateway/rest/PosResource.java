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
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestPath;

import com.fasterxml.jackson.databind.JsonNode;

import io.engagebridge.api.contacts.ChangeResult;
import io.engagebridge.api.contacts.ContactChange;
import io.engagebridge.api.contacts.ContactView;
import io.engagebridge.api.contacts.IdentifyRequest;
import io.engagebridge.api.contacts.IdentifyResult;
import io.engagebridge.api.promotions.PromotionList;
import io.engagebridge.api.promotions.RedeemRequest;
import io.engagebridge.api.promotions.RedemptionResult;
import io.engagebridge.api.transactions.AcceptedReceipt;
import io.engagebridge.api.transactions.ReceiptRequest;
import io.engagebridge.api.transactions.ReceiptStatus;
import io.engagebridge.gateway.security.ChangeRules;
import io.engagebridge.gateway.service.CachedReads;
import io.engagebridge.gateway.service.Passthrough;
import io.engagebridge.gateway.upstream.ContactsUpstream;
import io.engagebridge.gateway.upstream.PromotionsUpstream;
import io.engagebridge.gateway.upstream.TransactionsUpstream;
import io.engagebridge.web.ApiException;
import io.engagebridge.web.Channel;
import io.engagebridge.web.Ids;
import io.engagebridge.web.Problem;
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

    public PosResource(Passthrough passthrough, ChangeRules rules, CachedReads cache, ContactsUpstream contacts,
            TransactionsUpstream transactions, PromotionsUpstream promotions) {
        this.passthrough = passthrough;
        this.rules = rules;
        this.cache = cache;
        this.contacts = contacts;
        this.transactions = transactions;
        this.promotions = promotions;
    }

    @POST
    @Path("/contacts/identify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Identify a customer by one key; create them when asked")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = IdentifyRequest.class)))
    @APIResponse(responseCode = "200", description = "FOUND: known here or in Engage",
            content = @Content(schema = @Schema(implementation = IdentifyResult.class)))
    @APIResponse(responseCode = "201", description = "CREATED in Engage now",
            content = @Content(schema = @Schema(implementation = IdentifyResult.class)))
    @APIResponse(responseCode = "202", description = "PENDING: Engage unreachable, the creation is queued;"
            + " the answer names the normalised key",
            content = @Content(schema = @Schema(implementation = IdentifyResult.class)))
    @APIResponse(responseCode = "404", description = "Not in Engage, and no create given",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "Several contacts in Engage have the key and none could"
            + " be chosen (MultipleMatches)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", ref = "RejectedByEngage")
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Uni<Response> identify(JsonNode body) {
        return passthrough.answer(contacts.identify(object(body)));
    }

    @GET
    @Path("/contacts/{contactId}")
    @Operation(summary = "A contact's personal data, from Engage")
    @APIResponse(responseCode = "200", description = "The contact",
            content = @Content(schema = @Schema(implementation = ContactView.class)))
    @APIResponse(responseCode = "400", description = "Not a contactId",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Uni<Response> contact(@RestPath String contactId) {
        return passthrough.answer(contacts.contact(checked(contactId)));
    }

    @PATCH
    @Path("/contacts/{contactId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a contact's attributes; one not on gateway.pos.changeable-attributes is a"
            + " 403 naming it")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ContactChange.class)))
    @APIResponse(responseCode = "200", description = "APPLIED in Engage, or UNCHANGED (nothing differed)",
            content = @Content(schema = @Schema(implementation = ChangeResult.class)))
    @APIResponse(responseCode = "202", description = "QUEUED: reaches Engage when it answers",
            content = @Content(schema = @Schema(implementation = ChangeResult.class)))
    @APIResponse(responseCode = "403", description = "The token may not call this, or sets or clears an"
            + " attribute not on the POS list (code AttributeNotChangeable)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "422", ref = "RejectedByEngage")
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Uni<Response> update(@RestPath String contactId, JsonNode body) {
        String id = checked(contactId);
        rules.pos().check(body);
        return passthrough.answer(contacts.update(id, body)).call(() -> cache.evictProfile(id));
    }

    @POST
    @Path("/contacts/{contactId}/upgrade")
    @Operation(summary = "Upgrade the contact to the configured type (Member)")
    @APIResponse(responseCode = "200", description = "APPLIED",
            content = @Content(schema = @Schema(implementation = ChangeResult.class)))
    @APIResponse(responseCode = "202", description = "QUEUED",
            content = @Content(schema = @Schema(implementation = ChangeResult.class)))
    @APIResponse(responseCode = "400", description = "Not a contactId",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "422", description = "Engage refused, e.g. a mandatory field is missing (its code)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Uni<Response> upgrade(@RestPath String contactId) {
        String id = checked(contactId);
        return passthrough.answer(contacts.upgrade(id)).call(() -> cache.evictProfile(id));
    }

    @GET
    @Path("/contacts/{contactId}/promotions")
    @Operation(summary = "A contact's active promotions for a channel (default POS), never from a cache")
    @APIResponse(responseCode = "200", description = "The promotions; stale=true with X-Stale-Age: Engage"
            + " failed, the last copy",
            headers = @Header(name = "X-Stale-Age", ref = "XStaleAge"),
            content = @Content(schema = @Schema(implementation = PromotionList.class)))
    @APIResponse(responseCode = "400", description = "Not a contactId, or not a channel",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "502", description = "Engage's answer is unreadable and no copy is kept",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Uni<Response> promotions(@RestPath String contactId, @QueryParam("channel") @DefaultValue("POS") String channel) {
        return passthrough.answer(promotions.promotions(checked(contactId), Channel.parse(channel, "channel").name()));
    }

    @POST
    @Path("/receipts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A finished purchase or return: accepted (202) whatever Engage's state")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ReceiptRequest.class)))
    @APIResponse(responseCode = "202", description = "QUEUED: the receipt is kept and will reach Engage,"
            + " exactly once; a repeat with the same content is told where the first stands (QUEUED, SENT, DEAD)",
            content = @Content(schema = @Schema(implementation = AcceptedReceipt.class)))
    @APIResponse(responseCode = "409", description = "The uniqueReceiptId was accepted before with other"
            + " content (code ReceiptConflict)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Uni<Response> receipt(String body) {
        // The API document's description of the route; ReceiptRoute serves it, ahead of JAX-RS (ReceiptRouteTest).
        throw new IllegalStateException("POST " + ReceiptRoute.PATH + " reached JAX-RS: ReceiptRoute should serve it");
    }

    @GET
    @Path("/receipts/{uniqueReceiptId}")
    @Operation(summary = "Where a receipt stands: QUEUED, SENT or DEAD, with attempts and the last error")
    @APIResponse(responseCode = "200", description = "The receipt's status",
            content = @Content(schema = @Schema(implementation = ReceiptStatus.class)))
    @APIResponse(responseCode = "400", description = "Not a receipt id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Uni<Response> receiptStatus(@RestPath String uniqueReceiptId) {
        return passthrough.answer(transactions.receipt(checkedReceiptId(uniqueReceiptId)));
    }

    @POST
    @Path("/promotions/{assignmentId}/redeem")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Redeem a promotion assignment; never twice, also while Engage is down")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RedeemRequest.class)))
    @APIResponse(responseCode = "200", description = "REDEEMED in Engage",
            content = @Content(schema = @Schema(implementation = RedemptionResult.class)))
    @APIResponse(responseCode = "202", description = "PENDING: kept, Engage is told when it answers",
            content = @Content(schema = @Schema(implementation = RedemptionResult.class)))
    @APIResponse(responseCode = "404", description = "Not a promotion of this contact",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "Already redeemed, expired, or not valid in this channel",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Uni<Response> redeem(@RestPath String assignmentId, JsonNode body) {
        String id = checked(assignmentId);
        String contactId = object(body).path("contactId").isTextual() ? body.get("contactId").asText() : null;
        return passthrough.answer(promotions.redeem(id, body))
                .call(() -> contactId == null ? Uni.createFrom().voidItem() : cache.evictPromotions(contactId));
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

package io.engagebridge.gateway.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import com.fasterxml.jackson.databind.JsonNode;

import io.engagebridge.api.contacts.ChangeResult;
import io.engagebridge.api.contacts.ContactChange;
import io.engagebridge.api.contacts.ContactView;
import io.engagebridge.api.promotions.PromotionList;
import io.engagebridge.api.transactions.PurchaseHistory;
import io.engagebridge.gateway.config.GatewayConfig;
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
import io.engagebridge.web.Problem;
import io.engagebridge.web.QueryParams;
import io.smallrye.mutiny.Uni;

/**
 * My Pages: a customer's own data. The contact always comes from the token, never from the URL.
 * <p>
 * The three GETs are served by {@link MyPagesRoute}, a Vert.x route ahead of JAX-RS (for a measured reason, said
 * there); the methods here describe them in the API document and answer what the route leaves to JAX-RS (HEAD).
 */
@Path("/api/v1/me")
@RolesAllowed("customer")
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class MyPagesResource {

    private final JsonWebToken token;
    private final GatewayConfig config;
    private final ChangeRules rules;
    private final CachedReads cache;
    private final Passthrough passthrough;
    private final ContactsUpstream contacts;
    private final TransactionsUpstream transactions;
    private final PromotionsUpstream promotions;

    public MyPagesResource(JsonWebToken token, GatewayConfig config, ChangeRules rules, CachedReads cache,
            Passthrough passthrough, ContactsUpstream contacts, TransactionsUpstream transactions,
            PromotionsUpstream promotions) {
        this.token = token;
        this.config = config;
        this.rules = rules;
        this.cache = cache;
        this.passthrough = passthrough;
        this.contacts = contacts;
        this.transactions = transactions;
        this.promotions = promotions;
    }

    @GET
    @Path("/profile")
    @Operation(summary = "My personal data (cached; a stale copy carries X-Stale-Age)")
    @APIResponse(responseCode = "200", description = "My data; with X-Stale-Age, the last good copy"
            + " (contacts-service could not answer)",
            headers = @Header(name = "X-Stale-Age", ref = "XStaleAge"),
            content = @Content(schema = @Schema(implementation = ContactView.class)))
    @APIResponse(responseCode = "404", description = "Engage does not know the token's contact",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Uni<Response> profile() {
        String me = contactId();
        return cache.profile(me, () -> contacts.contact(me)).map(Answer::toResponse);
    }

    @PATCH
    @Path("/profile")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change my data: {\"attributes\":{...},\"clear\":[...]}; only changes reach Engage. "
            + "An attribute not on gateway.my-pages.changeable-attributes is a 403 naming it")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ContactChange.class)))
    @APIResponse(responseCode = "200", description = "APPLIED in Engage, or UNCHANGED (nothing differed)",
            content = @Content(schema = @Schema(implementation = ChangeResult.class)))
    @APIResponse(responseCode = "202", description = "QUEUED: reaches Engage when it answers",
            content = @Content(schema = @Schema(implementation = ChangeResult.class)))
    @APIResponse(responseCode = "403", description = "Not a customer token, or it sets or clears an attribute"
            + " not on the My Pages list (code AttributeNotChangeable)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "Engage does not know the token's contact",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", ref = "RejectedByEngage")
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Uni<Response> updateProfile(JsonNode body) {
        String me = contactId();
        rules.myPages().check(body);
        return passthrough.answer(contacts.update(me, body)).call(() -> cache.evictProfile(me));
    }

    @GET
    @Path("/purchases")
    @Operation(summary = "My purchases, newest first, including receipts Engage has not imported yet")
    @APIResponse(responseCode = "200", description = "A page of my purchases (complete=false: only those not"
            + " yet in Engage); with X-Stale-Age, the last good copy",
            headers = @Header(name = "X-Stale-Age", ref = "XStaleAge"),
            content = @Content(schema = @Schema(implementation = PurchaseHistory.class)))
    @APIResponse(responseCode = "400", description = "offset or count not a whole number in range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Uni<Response> purchases(@QueryParam("offset") String offsetParam, @QueryParam("count") String countParam) {
        // Read as transactions-service reads them: a JAX-RS int answers 404 for count=abc, and reads other scripts' digits
        int offset = QueryParams.number(offsetParam, "offset", 0, 0, 100_000);
        int count = QueryParams.number(countParam, "count", 20, 1, 100);
        String me = contactId();
        return cache.purchases(me, offset, count, () -> transactions.transactions(me, offset, count))
                .map(Answer::toResponse);
    }

    @GET
    @Path("/promotions")
    @Operation(summary = "My active promotions for a channel (default ECOM)")
    @APIResponse(responseCode = "200", description = "My promotions; stale=true with X-Stale-Age: the last copy",
            headers = @Header(name = "X-Stale-Age", ref = "XStaleAge"),
            content = @Content(schema = @Schema(implementation = PromotionList.class)))
    @APIResponse(responseCode = "400", description = "Not a channel",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "Engage does not know the token's contact",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Uni<Response> promotions(@QueryParam("channel") @DefaultValue("ECOM") String channel) {
        String wanted = Channel.parse(channel, "channel").name();
        String me = contactId();
        return cache.promotions(me, wanted, () -> promotions.promotions(me, wanted)).map(Answer::toResponse);
    }

    private String contactId() {
        return contactId(token, config.contactClaim());
    }

    /** The token's contact, for this resource and for {@link MyPagesRoute}: 403 when it names none. */
    static String contactId(JsonWebToken token, String contactClaim) {
        Object claim = token.getClaim(contactClaim);
        String id = claim == null ? null : claim.toString().replace("\"", "");
        if (!Ids.isEngageId(id)) {
            throw new ApiException(403, "Forbidden", "The token names no contact", null, null);
        }
        return id;
    }
}

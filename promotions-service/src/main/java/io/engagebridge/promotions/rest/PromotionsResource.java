package io.engagebridge.promotions.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

import io.engagebridge.api.promotions.PromotionList;
import io.engagebridge.api.promotions.RedeemRequest;
import io.engagebridge.api.promotions.RedemptionResult;
import io.engagebridge.promotions.service.PromotionService;
import io.engagebridge.promotions.service.RedemptionService;
import io.engagebridge.web.ApiException;
import io.engagebridge.web.Channel;
import io.engagebridge.web.Ids;
import io.engagebridge.web.Problem;
import io.engagebridge.web.StrictBodies;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;

/** promotions-service's internal API, called by the gateway. */
@Path("/promotions")
@Produces(MediaType.APPLICATION_JSON)
@CustomDeserialization(StrictBodies.class)
public class PromotionsResource {

    private final PromotionService promotions;
    private final RedemptionService redemptions;

    public PromotionsResource(PromotionService promotions, RedemptionService redemptions) {
        this.promotions = promotions;
        this.redemptions = redemptions;
    }

    @GET
    @Operation(summary = "A contact's active promotions; the last copy, marked stale, when Engage fails")
    @APIResponse(responseCode = "200", description = "The promotions (stale=true with X-Stale-Age: Engage failed, this is"
            + " the last copy)", headers = @Header(name = "X-Stale-Age", ref = "XStaleAge"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PromotionList.class)))
    @APIResponse(responseCode = "400", description = "contactId missing or not an id, or channel not POS, ECOM or OTHER",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "Engage does not know the contact (its code)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "502", description = "Engage's answer is unreadable (UnreadableAnswer) and no copy is kept",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", description = "Engage failed and no copy is kept; try again after Retry-After",
            headers = @Header(name = "Retry-After", ref = "RetryAfter"),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Uni<Response> list(@QueryParam("contactId") String contactId, @QueryParam("channel") String channel) {
        checkId(contactId, "contactId");
        Channel wanted = channel == null || channel.isBlank() ? null : Channel.parse(channel, "channel");
        return promotions.active(contactId, wanted).map(PromotionsResource::answer);
    }

    @POST
    @Path("/{assignmentId}/redeem")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Redeem an assignment; never twice")
    @APIResponse(responseCode = "200", description = "REDEEMED in Engage",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RedemptionResult.class)))
    @APIResponse(responseCode = "202", description = "PENDING: kept here, Engage is told when it answers",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RedemptionResult.class)))
    @APIResponse(responseCode = "404", description = "Not a promotion of this contact",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "Already redeemed, or not valid in this channel / expired",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Uni<Response> redeem(@RestPath String assignmentId,
            @NotNull(message = StrictBodies.NOT_AN_OBJECT) @Valid RedeemRequest body) {
        checkId(assignmentId, "assignmentId");
        return redemptions.redeem(assignmentId, body.contactId(), body.channelValue(), body.uniqueReceiptId())
                .map(result -> Response.status("REDEEMED".equals(result.status()) ? 200 : 202).entity(result).build());
    }

    private static Response answer(PromotionList list) {
        Response.ResponseBuilder response = Response.ok(list);
        if (list.stale()) {
            response.header("X-Stale-Age", list.ageSeconds());
        }
        return response.build();
    }

    private static void checkId(String value, String field) {
        if (!Ids.isEngageId(value)) {
            throw ApiException.badRequest(field + " is required (letters, digits and dashes)");
        }
    }
}

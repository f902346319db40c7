package io.engagebridge.engage;

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

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.engage.model.EngageContact;
import io.engagebridge.engage.model.EngageReceipt;
import io.engagebridge.engage.model.TransactionsPage;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/**
 * Engage API v3, as engage-api.md describes it. Package-private: callers use {@link EngageClient}, which turns
 * every failure into an {@link EngageException}. Every path lives here and only here.
 */
@RegisterRestClient(configKey = "engage")
@RegisterClientHeaders(EngageHeaders.class)
@Path("/api/v3")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface EngageApi {

    /** Answers the contactId as a JSON string or a bare string: read raw, unquoted by {@link EngageClient}. */
    @GET
    @Path("/contacts/id")
    @Produces({ MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN })
    Uni<String> contactId(@RestQuery Map<String, String> query);

    @POST
    @Path("/contacts")
    Uni<EngageContact> createContact(@RestQuery String source, @RestQuery String storeExternalId,
            @RestQuery Boolean createAsUnapproved, ObjectNode attributes);

    @GET
    @Path("/contacts/{contactId}")
    Uni<EngageContact> contact(@RestPath String contactId);

    @PATCH
    @Path("/contacts/{contactId}")
    Uni<Response> patchContact(@RestPath String contactId, ObjectNode changes);

    @POST
    @Path("/contacts/{contactId}/updateContactType")
    Uni<Response> updateContactType(@RestPath String contactId, @RestQuery String contactTypeId);

    @POST
    @Path("/contacts/bulk")
    @Produces({ MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN })
    Uni<String> bulkCreate(@RestQuery String contactType, List<ObjectNode> contacts);

    @PATCH
    @Path("/contacts/bulk")
    @Produces({ MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN })
    Uni<String> bulkUpdate(@RestQuery String contactType, List<ObjectNode> contacts);

    @GET
    @Path("/contacts/bulk/status")
    Uni<JsonNode> bulkStatus(@RestQuery String batchId);

    @GET
    @Path("/transactions")
    Uni<TransactionsPage> transactions(@RestQuery String contactId, @RestQuery Integer offset,
            @RestQuery Integer count);

    @POST
    @Path("/receipts")
    Uni<Response> sendReceipt(EngageReceipt receipt);

    /** Read raw: {@link EngageClient} reads the list one assignment at a time, so one bad entry spoils nothing. */
    @GET
    @Path("/promotion-assignments")
    @Produces({ MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN })
    Uni<String> promotionAssignments(@RestQuery String contactId, @RestQuery String redemptionChannelType);

    /** Redeem as Voyado's current v3 reference gives it ({@link RedeemPath#PROMOTION_ASSIGNMENTS}, the default). */
    @POST
    @Path("/promotion-assignments/{id}/redeem")
    Uni<Response> redeemAssignment(@RestPath String id, Map<String, String> body);

    /** Redeem as the integration guide names it ({@link RedeemPath#PROMOTIONS_CODES}). */
    @POST
    @Path("/promotions/codes/{id}/redeem")
    Uni<Response> redeemCode(@RestPath String id, Map<String, String> body);

    /** Every non-2xx answer becomes a typed {@link EngageException}, with Engage's code and the raw body. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        String body = null;
        if (response.hasEntity()) {
            try {
                body = response.readEntity(String.class);
            } catch (RuntimeException unreadable) {
                body = null;
            }
        }
        return EngageErrors.fromResponse(response.getStatus(), body, response.getHeaderString("Retry-After"));
    }

}

package io.engagebridge.transactions.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.groups.ConvertGroup;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

import io.engagebridge.api.Checks;
import io.engagebridge.api.transactions.AcceptedReceipt;
import io.engagebridge.api.transactions.PurchaseHistory;
import io.engagebridge.api.transactions.ReceiptRequest;
import io.engagebridge.api.transactions.ReceiptStatus;
import io.engagebridge.transactions.service.HistoryService;
import io.engagebridge.transactions.service.ReceiptReader;
import io.engagebridge.transactions.service.ReceiptService;
import io.engagebridge.web.ApiException;
import io.engagebridge.web.Ids;
import io.engagebridge.web.Problem;
import io.engagebridge.web.QueryParams;
import io.engagebridge.web.StrictBodies;
import io.engagebridge.web.StrictJson;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;

/** transactions-service's internal API, called by the gateway. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@CustomDeserialization(StrictBodies.class)
public class ReceiptsResource {

    private final ReceiptReader reader;
    private final ReceiptService receipts;
    private final HistoryService history;

    public ReceiptsResource(ReceiptReader reader, ReceiptService receipts, HistoryService history) {
        this.reader = reader;
        this.receipts = receipts;
        this.history = history;
    }

    @POST
    @Path("receipts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Accept a purchase or return; it reaches Engage asynchronously, exactly once")
    @APIResponse(responseCode = "202", description = "QUEUED: kept, and will reach Engage exactly once; a repeat"
            + " with the same content is told where the first stands (QUEUED, SENT, DEAD)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AcceptedReceipt.class)))
    @APIResponse(responseCode = "400", description = "Invalid receipt (errors names each wrong place); nothing stored",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The uniqueReceiptId was accepted with other content"
            + " (ReceiptConflict)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", description = "Not stored now: the database cannot be reached or did not take"
            + " it in time (Retry-After). Send it again: were it stored meanwhile, the repeat is answered 202",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Uni<Response> accept(@NotNull(message = StrictBodies.NOT_AN_OBJECT) @Valid
            @ConvertGroup(to = Checks.InOrder.class) ReceiptRequest body) {
        var checked = reader.read(body);
        return receipts.accept(checked).map(accepted -> Response.accepted(accepted).build());
    }

    @GET
    @Path("receipts/{uniqueReceiptId}")
    @Operation(summary = "Where a receipt stands: QUEUED, SENT or DEAD, with attempts and the last error")
    @APIResponse(responseCode = "200", description = "The receipt's status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReceiptStatus.class)))
    @APIResponse(responseCode = "400", description = "Not a uniqueReceiptId (a control character, half a surrogate pair,"
            + " over 4 000 characters)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No receipt with this uniqueReceiptId was accepted",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Uni<ReceiptStatus> status(@RestPath String uniqueReceiptId) {
        // No receipt is stored with such an id (ReceiptReader refuses it), and PostgreSQL cannot even compare a NUL
        String fault = StrictJson.textFault(uniqueReceiptId);
        if (fault != null) {
            throw ApiException.badRequest("Not a uniqueReceiptId: it " + fault);
        }
        return receipts.status(uniqueReceiptId);
    }

    @GET
    @Path("transactions")
    @Operation(summary = "Purchase history from Engage, with the receipts Engage does not show yet")
    @APIResponse(responseCode = "200", description = "A page of the purchases, newest first (complete=false: Engage"
            + " could not be asked or refused the read, only the receipts kept here)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PurchaseHistory.class)))
    @APIResponse(responseCode = "400", description = "contactId missing or not an id, or offset or count not a whole"
            + " number in range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Uni<PurchaseHistory> transactions(@QueryParam("contactId") String contactId,
            @QueryParam("offset") String offset, @QueryParam("count") String count) {
        if (!Ids.isEngageId(contactId)) {
            throw ApiException.badRequest("contactId is required");
        }
        return history.history(contactId, QueryParams.number(offset, "offset", 0, 0, 100_000),
                QueryParams.number(count, "count", 20, 1, 100));
    }
}

package io.engagebridge.contacts.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.groups.ConvertGroup;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.engagebridge.api.Checks;
import io.engagebridge.api.contacts.ChangeResult;
import io.engagebridge.api.contacts.ContactChange;
import io.engagebridge.api.contacts.ContactView;
import io.engagebridge.api.contacts.IdentifyRequest;
import io.engagebridge.api.contacts.IdentifyResult;
import io.engagebridge.contacts.service.ContactChangeService;
import io.engagebridge.contacts.service.IdentifyService;
import io.engagebridge.web.ApiException;
import io.engagebridge.web.Ids;
import io.engagebridge.web.Problem;
import io.engagebridge.web.StrictBodies;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;

/** contacts-service's internal API, called by the gateway and transactions-service. */
@Path("/contacts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@CustomDeserialization(StrictBodies.class)
public class ContactsResource {

    private final ContactRequests requests;
    private final IdentifyService identify;
    private final ContactChangeService changes;
    private final ObjectMapper json;

    public ContactsResource(ContactRequests requests, IdentifyService identify, ContactChangeService changes,
            ObjectMapper json) {
        this.requests = requests;
        this.identify = identify;
        this.changes = changes;
        this.json = json;
    }

    @POST
    @Path("/identify")
    @Operation(summary = "Find a customer by one key, creating them when asked")
    @APIResponse(responseCode = "200", description = "FOUND: known here or in Engage",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IdentifyResult.class)))
    @APIResponse(responseCode = "201", description = "CREATED in Engage now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IdentifyResult.class)))
    @APIResponse(responseCode = "202", description = "PENDING: Engage unreachable, the creation is queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IdentifyResult.class)))
    @APIResponse(responseCode = "404", description = "Not in Engage and no create given",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "Several contacts in Engage have the key and none could be chosen"
            + " (MultipleMatches)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", ref = "RejectedByEngage")
    @APIResponse(responseCode = "503", description = "Engage unreachable and nothing to queue; try again after Retry-After",
            headers = @Header(name = "Retry-After", ref = "RetryAfter"),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Uni<Response> identify(@NotNull(message = StrictBodies.NOT_AN_OBJECT) @Valid IdentifyRequest body) {
        var key = requests.key(body);
        var create = requests.newContact(body);
        return identify.identify(key, create).map(result -> Response.status(statusOf(result)).entity(result).build());
    }

    @GET
    @Path("/{contactId}")
    @Operation(summary = "A contact's personal data, from Engage; the last copy kept, marked stale, while Engage is down")
    @APIResponse(responseCode = "200", description = "The contact; with X-Stale-Age (seconds) when it is the last copy "
            + "kept here (with the changes sent or queued since) because Engage does not answer",
            headers = @Header(name = "X-Stale-Age", ref = "XStaleAge"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContactView.class)))
    @APIResponse(responseCode = "400", description = "Not a contactId",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "Engage does not know the contact",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", description = "Engage does not answer and no whole copy of this contact is kept;"
            + " try again after Retry-After",
            headers = @Header(name = "Retry-After", ref = "RetryAfter"),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Uni<Response> contact(@RestPath String contactId) {
        return changes.read(checked(contactId)).map(read -> {
            Response.ResponseBuilder answer = Response.ok(read.contact());
            return read.stale() ? answer.header("X-Stale-Age", read.staleAge().toSeconds()).build() : answer.build();
        });
    }

    @PATCH
    @Path("/{contactId}")
    @Operation(summary = "Change attributes: only what differs is sent; 'clear' lists the fields to erase")
    @APIResponse(responseCode = "200", description = "APPLIED in Engage, or UNCHANGED (nothing differed)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChangeResult.class)))
    @APIResponse(responseCode = "202", description = "QUEUED: reaches Engage when it answers",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChangeResult.class)))
    @APIResponse(responseCode = "404", description = "Engage does not know the contact",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", ref = "RejectedByEngage")
    public Uni<Response> update(@RestPath String contactId,
            @NotNull(message = StrictBodies.NOT_AN_OBJECT) @Valid @ConvertGroup(to = Checks.InOrder.class)
            ContactChange body) {
        String id = checked(contactId);
        return changes.update(id, body.attributesOrEmpty(json.createObjectNode()), ContactRequests.cleared(body))
                .map(ContactsResource::answer);
    }

    @POST
    @Path("/{contactId}/upgrade")
    @Operation(summary = "Upgrade the contact to the configured type (Member)")
    @APIResponse(responseCode = "200", description = "APPLIED",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChangeResult.class)))
    @APIResponse(responseCode = "202", description = "QUEUED: reaches Engage when it answers",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChangeResult.class)))
    @APIResponse(responseCode = "400", description = "Not a contactId",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "Engage does not know the contact",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", description = "Engage refused, e.g. a mandatory field of the type is missing (its"
            + " code)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> upgrade(@RestPath String contactId) {
        return changes.upgrade(checked(contactId)).map(ContactsResource::answer);
    }

    private static int statusOf(IdentifyResult result) {
        return switch (result.status()) {
            case FOUND -> 200;
            case CREATED -> 201;
            case PENDING -> 202;
        };
    }

    private static Response answer(ChangeResult result) {
        return Response.status(result.status() == ChangeResult.Status.QUEUED ? 202 : 200).entity(result).build();
    }

    private static String checked(String contactId) {
        if (!Ids.isEngageId(contactId)) {
            throw ApiException.badRequest("Not a contactId: " + contactId);
        }
        return contactId;
    }
}

package io.engagebridge.outbox;

import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

import io.smallrye.mutiny.Uni;

/**
 * Internal operations on this service's outbox: figures, the DEAD list, re-drive. Not exposed by the gateway as is. Its
 * problems are written here ({@link Problem}: no {@code type}, which RFC 9457 reads as about:blank); the answers every
 * route shares are in the service's document too (web-common's CommonAnswers).
 */
@Path("/ops/outbox")
@Produces(MediaType.APPLICATION_JSON)
public class OutboxResource {

    private static final String PROBLEM = "application/problem+json";

    private final OutboxOps ops;
    private final DestinationHealth health;

    public OutboxResource(OutboxOps ops, DestinationHealth health) {
        this.ops = ops;
        this.health = health;
    }

    /** Counts by status, the oldest pending message's age, and whether Engage answers (the relays' shared view). */
    @GET
    @Operation(summary = "Messages by status, the oldest pending one's age, and Engage as the relays see it")
    @APIResponse(responseCode = "200", description = "The figures",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Overview.class)))
    public Uni<Overview> stats() {
        return ops.stats().chain(stats -> health.read().map(state -> new Overview(stats.pending(),
                stats.inFlight(), stats.dead(), stats.done(), stats.oldestPendingSeconds(),
                new Engage(!state.down(), state.down() ? state.downSeconds() : 0, state.consecutiveFailures(),
                        state.probes(), state.lastError()))));
    }

    /** What {@code GET /ops/outbox} answers. */
    @Schema(name = "OutboxFigures")
    public record Overview(long pending, long inFlight, long dead, long done, double oldestPendingSeconds,
            Engage engage) {
    }

    /** Engage as the relays see it: reachable, or down for how long, with how many probes sent. */
    @Schema(name = "OutboxEngageView")
    public record Engage(boolean reachable, double downSeconds, int consecutiveFailures, int probes,
            String lastError) {
    }

    @GET
    @Path("/dead")
    @Operation(summary = "The DEAD messages, newest first, with their payloads and why they died (operators only)")
    @APIResponse(responseCode = "200", description = "Up to limit (1 to 1000) DEAD messages",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = OutboxOps.DeadMessage.class)))
    @APIResponse(responseCode = "404", description = "limit is not a whole number",
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
    public Uni<List<OutboxOps.DeadMessage>> dead(@QueryParam("limit") @DefaultValue("100") int limit) {
        return ops.dead(Math.max(1, Math.min(limit, 1000)));
    }

    @POST
    @Path("/dead/{id}/redrive")
    @Operation(summary = "Send a DEAD message again, as new (operators only)")
    @APIResponse(responseCode = "204", description = "Queued again")
    @APIResponse(responseCode = "404", description = "No DEAD message with this id (or the id is not a number)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "Superseded: a later message of the same key was written since;"
            + " re-driving this one would overwrite newer data with older",
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
    public Uni<Response> redrive(@RestPath long id) {
        return ops.redrive(id).map(redrive -> switch (redrive.outcome()) {
            case REQUEUED -> Response.noContent().build();
            case NOT_FOUND -> problem(new Problem("Not found", 404, "No DEAD outbox message " + id));
            case SUPERSEDED -> problem(new Problem("Superseded", 409, "Outbox message " + redrive.newerId()
                    + " of the same key was written after " + id + "; re-driving " + id
                    + " would overwrite newer data with older. Re-send the change instead, if it is still wanted."));
        });
    }

    private static Response problem(Problem problem) {
        return Response.status(problem.status()).type(PROBLEM).entity(problem).build();
    }

    /** RFC 7807 body. */
    public record Problem(String title, int status, String detail) {
    }
}

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

import org.jboss.resteasy.reactive.RestPath;

import io.smallrye.mutiny.Uni;

/** Internal operations on this service's outbox: figures, the DEAD list, re-drive. Not exposed by the gateway as is. */
@Path("/ops/outbox")
@Produces(MediaType.APPLICATION_JSON)
public class OutboxResource {

    private final OutboxOps ops;

    public OutboxResource(OutboxOps ops) {
        this.ops = ops;
    }

    /** Counts by status, the oldest pending message's age, and whether Engage answers (the relays' shared view). */
    @GET
    public Uni<OutboxOps.Overview> stats() {
        return ops.overview();
    }

    @GET
    @Path("/dead")
    public Uni<List<OutboxOps.DeadMessage>> dead(@QueryParam("limit") @DefaultValue("100") int limit) {
        return ops.dead(Math.max(1, Math.min(limit, 1000)));
    }

    @POST
    @Path("/dead/{id}/redrive")
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
        return Response.status(problem.status()).type("application/problem+json").entity(problem).build();
    }

    /** RFC 7807 body. */
    public record Problem(String title, int status, String detail) {
    }
}

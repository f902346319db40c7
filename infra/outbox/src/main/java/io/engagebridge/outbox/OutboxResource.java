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

    private final OutboxStore store;

    public OutboxResource(OutboxStore store) {
        this.store = store;
    }

    @GET
    public Uni<OutboxStore.OutboxStats> stats() {
        return store.stats();
    }

    @GET
    @Path("/dead")
    public Uni<List<OutboxStore.DeadMessage>> dead(@QueryParam("limit") @DefaultValue("100") int limit) {
        return store.dead(Math.max(1, Math.min(limit, 1000)));
    }

    @POST
    @Path("/dead/{id}/redrive")
    public Uni<Response> redrive(@RestPath long id) {
        return store.redrive(id).map(done -> done
                ? Response.noContent().build()
                : Response.status(Response.Status.NOT_FOUND).type("application/problem+json")
                        .entity(new Problem("Not found", 404, "No DEAD outbox message " + id)).build());
    }

    /** RFC 7807 body. */
    public record Problem(String title, int status, String detail) {
    }
}

package io.engagebridge.sandbox;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** For people running a demo: inject faults, see what arrived, see and reset what the sandbox holds. */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final SandboxGate gate;
    private final SandboxStore store;

    public AdminResource(SandboxGate gate, SandboxStore store) {
        this.gate = gate;
        this.store = store;
    }

    @GET
    @Path("/faults")
    public Faults faults() {
        return gate.faults();
    }

    /** Replaces the faults; {@code {}} clears them all. */
    @PUT
    @Path("/faults")
    @Consumes(MediaType.APPLICATION_JSON)
    public Faults setFaults(Faults faults) {
        gate.faults(faults);
        return gate.faults();
    }

    /** Shortcut: {@code POST /admin/down} and {@code POST /admin/up}. */
    @POST
    @Path("/down")
    public Faults down() {
        Faults f = gate.faults();
        gate.faults(new Faults(true, f.cutConnections(), f.errorRate(), f.errorStatus(), f.latencyMs(),
                f.timeout504(), f.redeemBeforeTimeout(), f.rateLimit()));
        return gate.faults();
    }

    @POST
    @Path("/up")
    public Faults up() {
        gate.faults(Faults.none());
        return gate.faults();
    }

    @GET
    @Path("/requests")
    public List<SandboxGate.Received> requests(@QueryParam("last") Integer last) {
        List<SandboxGate.Received> all = gate.received();
        return last == null || last >= all.size() ? all : all.subList(all.size() - last, all.size());
    }

    @DELETE
    @Path("/requests")
    public void clearRequests() {
        gate.clearReceived();
    }

    /** Requests per second and per route since the last {@code DELETE /admin/requests}. */
    @GET
    @Path("/stats")
    public SandboxGate.Stats stats() {
        return gate.stats();
    }

    @GET
    @Path("/state")
    public ObjectNode state() {
        return store.snapshot();
    }

    /**
     * Per id, how many times each receipt, redemption and contact change reached the sandbox, repeats included:
     * what a benchmark compares with what it posted to prove "exactly once" (a repeat is harmless in Engage, so
     * {@code /admin/state} cannot show it).
     */
    @GET
    @Path("/arrivals")
    public ObjectNode arrivals() {
        return store.arrivals();
    }

    /**
     * Gives a contact {@code count} (1 to 1000) more promotions, valid in {@code channels} (comma-separated, default
     * {@code POS,ECOM}): 201 with their assignment ids; 404 without such a contact.
     */
    @POST
    @Path("/contacts/{contactId}/promotions")
    public Response addPromotions(@PathParam("contactId") String contactId, @QueryParam("count") Integer count,
            @QueryParam("channels") String channels) {
        int n = count == null ? 1 : count;
        if (n < 1 || n > 1000) {
            return Response.status(400).entity(Map.of("error", "count is 1 to 1000")).build();
        }
        List<String> in = channels == null || channels.isBlank() ? List.of("POS", "ECOM")
                : Arrays.stream(channels.split(",")).map(String::trim).filter(c -> !c.isEmpty()).toList();
        return store.addPromotions(contactId, n, in)
                .map(ids -> Response.status(201).entity(ids).build())
                .orElseGet(() -> Response.status(404).entity(Map.of("error", "No contact " + contactId)).build());
    }

    /** Forgets everything; {@code ?demo=false} starts empty. */
    @POST
    @Path("/reset")
    public ObjectNode reset(@QueryParam("demo") Boolean demo) {
        store.reset(demo == null || demo);
        gate.faults(Faults.none());
        gate.clearReceived();
        return store.snapshot();
    }
}

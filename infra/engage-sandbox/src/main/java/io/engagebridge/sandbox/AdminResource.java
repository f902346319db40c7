package io.engagebridge.sandbox;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

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

package io.engagebridge.gateway.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A bare GET with no auth, no cache and no call behind it: a liveness probe for load balancers, and the benchmarks' baseline. */
@Path("/api/v1/ping")
@PermitAll
public class PingResource {

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String ping() {
        return "pong";
    }
}

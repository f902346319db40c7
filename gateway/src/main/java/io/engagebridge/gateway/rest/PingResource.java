package io.engagebridge.gateway.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.common.annotation.NonBlocking;

/** A bare GET with no auth, no cache and no call behind it: a liveness probe for load balancers, and the benchmarks' baseline. */
@Path("/api/v1/ping")
@PermitAll
public class PingResource {

    @GET
    @NonBlocking // a String is answered from a worker thread by default: a hop no bare GET should pay
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "Answers pong: the gateway is reachable (no token, no service behind)")
    @APIResponse(responseCode = "200", description = "pong")
    public String ping() {
        return "pong";
    }
}

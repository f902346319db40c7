package io.engagebridge.gateway.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Test only: an endpoint someone forgot to secure (no @RolesAllowed, @PermitAll or @Authenticated). The gateway must
 * deny it to everyone (quarkus.security.jaxrs.deny-unannotated-endpoints); see TokenRulesTest.
 */
@Path(UnannotatedResource.PATH)
public class UnannotatedResource {

    static final String PATH = "/api/v1/test-only/unannotated";

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String forgotten() {
        return "nobody should read this";
    }
}

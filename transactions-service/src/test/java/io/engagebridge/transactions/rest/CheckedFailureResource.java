package io.engagebridge.transactions.rest;

import java.io.IOException;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Tests only: a route that fails with a checked exception, as a client library's {@code IOException} would reach a
 * resource (UnexpectedFailureTest). Under /receipts, which the gateway's token may call; left out of the API document.
 */
@Path("/receipts/test-only/checked-failure")
public class CheckedFailureResource {

    @POST
    @Operation(hidden = true)
    public String fail() throws IOException {
        throw new IOException("disk on fire at /var/lib/secret-path");
    }
}

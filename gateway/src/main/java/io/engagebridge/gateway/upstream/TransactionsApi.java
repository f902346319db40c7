package io.engagebridge.gateway.upstream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.engagebridge.web.RequestIdPropagation;
import io.smallrye.mutiny.Uni;

@RegisterRestClient(configKey = "transactions")
@RegisterProvider(RequestIdPropagation.class)
@RegisterProvider(ServiceTokenFilters.Transactions.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface TransactionsApi {

    @GET
    @Path("/receipts/{uniqueReceiptId}")
    Uni<Response> receipt(@RestPath String uniqueReceiptId);

    @GET
    @Path("/transactions")
    Uni<Response> transactions(@RestQuery String contactId, @RestQuery int offset, @RestQuery int count);
}

package io.engagebridge.gateway.upstream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.engagebridge.web.RequestIdPropagation;
import io.smallrye.mutiny.Uni;

/** transactions-service's management port: its outbox's figures (infra/outbox-ops), with the gateway's token for it. */
@RegisterRestClient(configKey = "transactions-management")
@RegisterProvider(RequestIdPropagation.class)
@RegisterProvider(ServiceTokenFilters.Transactions.class)
@Produces(MediaType.APPLICATION_JSON)
interface TransactionsManagementApi {

    @GET
    @Path(ServiceOutboxes.FIGURES)
    Uni<Response> outboxFigures();
}

package io.engagebridge.gateway.upstream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.databind.JsonNode;

import io.engagebridge.web.RequestIdPropagation;
import io.smallrye.mutiny.Uni;

@RegisterRestClient(configKey = "promotions")
@RegisterProvider(RequestIdPropagation.class)
@RegisterProvider(ServiceTokenFilters.Promotions.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface PromotionsApi {

    @GET
    @Path("/promotions")
    Uni<Response> promotions(@RestQuery String contactId, @RestQuery String channel);

    @POST
    @Path("/promotions/{assignmentId}/redeem")
    Uni<Response> redeem(@RestPath String assignmentId, JsonNode body);
}

package io.engagebridge.gateway.upstream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestPath;

import com.fasterxml.jackson.databind.JsonNode;

import io.engagebridge.web.RequestIdPropagation;
import io.smallrye.mutiny.Uni;

@RegisterRestClient(configKey = "contacts")
@RegisterProvider(RequestIdPropagation.class)
@RegisterProvider(ServiceTokenFilters.Contacts.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface ContactsApi {

    @POST
    @Path("/contacts/identify")
    Uni<Response> identify(JsonNode body);

    @GET
    @Path("/contacts/{contactId}")
    Uni<Response> contact(@RestPath String contactId);

    @PATCH
    @Path("/contacts/{contactId}")
    Uni<Response> update(@RestPath String contactId, JsonNode body);

    @POST
    @Path("/contacts/{contactId}/upgrade")
    Uni<Response> upgrade(@RestPath String contactId);
}

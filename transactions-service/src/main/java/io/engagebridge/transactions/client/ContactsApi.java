package io.engagebridge.transactions.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.web.RequestIdPropagation;
import io.smallrye.mutiny.Uni;

/** contacts-service's identify, as transactions-service uses it. */
@RegisterRestClient(configKey = "contacts")
@RegisterProvider(RequestIdPropagation.class)
@RegisterProvider(ContactsServiceToken.class)
@Path("/contacts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface ContactsApi {

    @POST
    @Path("/identify")
    Uni<Response> identify(ObjectNode body);
}

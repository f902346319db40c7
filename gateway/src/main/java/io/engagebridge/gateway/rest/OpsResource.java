package io.engagebridge.gateway.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.engagebridge.gateway.upstream.Answer;
import io.engagebridge.gateway.upstream.ServiceOutboxes;
import io.smallrye.mutiny.Uni;

/** Operators: every service's outbox figures in one view, each asked on the service's management port. */
@Path("/api/v1/ops")
@RolesAllowed("ops")
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class OpsResource {

    private final ServiceOutboxes outboxes;
    private final ObjectMapper json;

    public OpsResource(ServiceOutboxes outboxes, ObjectMapper json) {
        this.outboxes = outboxes;
        this.json = json;
    }

    @GET
    @Path("/outbox")
    @Operation(summary = "Pending, in flight, DEAD and DONE messages, and the oldest pending age, per service")
    @APIResponse(responseCode = "200", description = "Per service (contacts, transactions, promotions) its figures, or "
            + "{\"error\": ...} when it did not answer")
    public Uni<Map<String, JsonNode>> outbox() {
        return Uni.combine().all().unis(figures(outboxes.contacts()), figures(outboxes.transactions()),
                figures(outboxes.promotions())).asTuple()
                .map(all -> {
                    Map<String, JsonNode> view = new LinkedHashMap<>();
                    view.put("contacts", all.getItem1());
                    view.put("transactions", all.getItem2());
                    view.put("promotions", all.getItem3());
                    return view;
                });
    }

    private Uni<JsonNode> figures(Uni<Answer> call) {
        return call.map(answer -> {
            try {
                return answer.isOk() ? json.readTree(answer.body())
                        : json.createObjectNode().put("error", "answered " + answer.status());
            } catch (Exception e) {
                return (JsonNode) json.createObjectNode().put("error", "unreadable answer");
            }
        }).onFailure().recoverWithItem(failure -> json.createObjectNode().put("error", failure.getMessage()));
    }
}

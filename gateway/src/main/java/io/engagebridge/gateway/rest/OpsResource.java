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
import io.engagebridge.gateway.upstream.ContactsUpstream;
import io.engagebridge.gateway.upstream.PromotionsUpstream;
import io.engagebridge.gateway.upstream.TransactionsUpstream;
import io.smallrye.mutiny.Uni;

/** Operators: every service's outbox figures in one view. */
@Path("/api/v1/ops")
@RolesAllowed("ops")
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class OpsResource {

    private final ContactsUpstream contacts;
    private final TransactionsUpstream transactions;
    private final PromotionsUpstream promotions;
    private final ObjectMapper json;

    public OpsResource(ContactsUpstream contacts, TransactionsUpstream transactions, PromotionsUpstream promotions,
            ObjectMapper json) {
        this.contacts = contacts;
        this.transactions = transactions;
        this.promotions = promotions;
        this.json = json;
    }

    @GET
    @Path("/outbox")
    @Operation(summary = "Pending, in flight, DEAD and DONE messages, and the oldest pending age, per service")
    @APIResponse(responseCode = "200", description = "Per service (contacts, transactions, promotions) its figures, or "
            + "{\"error\": ...} when it did not answer")
    public Uni<Map<String, JsonNode>> outbox() {
        return Uni.combine().all().unis(figures(contacts.outbox()), figures(transactions.outbox()),
                figures(promotions.outbox())).asTuple()
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

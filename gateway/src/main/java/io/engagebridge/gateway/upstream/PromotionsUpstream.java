package io.engagebridge.gateway.upstream;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/** promotions-service behind a timeout (the client's read-timeout) and its own breaker. */
@ApplicationScoped
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000, failOn = UpstreamUnavailable.class)
public class PromotionsUpstream {

    static final String NAME = "promotions-service";
    private final PromotionsApi api;

    public PromotionsUpstream(@RestClient PromotionsApi api) {
        this.api = api;
    }

    public Uni<Answer> promotions(String contactId, String channel) {
        return Answer.from(NAME, api.promotions(contactId, channel));
    }

    public Uni<Answer> redeem(String assignmentId, JsonNode body) {
        return Answer.from(NAME, api.redeem(assignmentId, body));
    }

    public Uni<Answer> outbox() {
        return Answer.from(NAME, api.outbox());
    }
}

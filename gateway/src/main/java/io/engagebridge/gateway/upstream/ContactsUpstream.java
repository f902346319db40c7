package io.engagebridge.gateway.upstream;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * contacts-service behind a timeout (the client's read-timeout) and its own breaker, so a slow service cannot exhaust
 * the gateway. No retry: the service already retries Engage, and writes must not be sent twice from here.
 */
@ApplicationScoped
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000, failOn = UpstreamUnavailable.class)
public class ContactsUpstream {

    static final String NAME = "contacts-service";
    private final ContactsApi api;

    public ContactsUpstream(@RestClient ContactsApi api) {
        this.api = api;
    }

    public Uni<Answer> identify(JsonNode body) {
        return Answer.from(NAME, api.identify(body));
    }

    public Uni<Answer> contact(String contactId) {
        return Answer.from(NAME, api.contact(contactId));
    }

    public Uni<Answer> update(String contactId, JsonNode body) {
        return Answer.from(NAME, api.update(contactId, body));
    }

    public Uni<Answer> upgrade(String contactId) {
        return Answer.from(NAME, api.upgrade(contactId));
    }

    public Uni<Answer> outbox() {
        return Answer.from(NAME, api.outbox());
    }
}

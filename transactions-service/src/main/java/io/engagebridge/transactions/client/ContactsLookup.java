package io.engagebridge.transactions.client;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.transactions.Customer;
import io.smallrye.mutiny.Uni;

/**
 * Asks contacts-service who a customer named by key is. A receipt never waits long on it: a short timeout, a
 * breaker, and when it cannot answer the fallback is "not known yet" and the receipt queues with its key.
 */
@ApplicationScoped
public class ContactsLookup {

    private final ContactsApi contacts;
    private final ObjectMapper json;

    public ContactsLookup(@RestClient ContactsApi contacts, ObjectMapper json) {
        this.contacts = contacts;
        this.json = json;
    }

    /** The contactId, or empty while the customer is not (yet) in Engage; creates them when the receipt says so. */
    @Timeout(2000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10000)
    @Fallback(fallbackMethod = "notKnownYet")
    public Uni<Optional<String>> contactId(Customer customer, boolean create) {
        ObjectNode body = json.createObjectNode().put(customer.keyType().field(), customer.keyValue());
        if (create && customer.create() != null) {
            body.set("create", customer.create());
        }
        return contacts.identify(body)
                .map(response -> contactIdOf(response.getStatus(), response.readEntity(JsonNode.class)))
                .onFailure(WebApplicationException.class).recoverWithUni(failure -> {
                    int status = ((WebApplicationException) failure).getResponse().getStatus();
                    return status == 404 || status == 422 || status == 409 ? Uni.createFrom().item(Optional.empty())
                            : Uni.createFrom().failure(failure);
                });
    }

    Uni<Optional<String>> notKnownYet(Customer customer, boolean create) {
        return Uni.createFrom().item(Optional.empty());
    }

    private static Optional<String> contactIdOf(int status, JsonNode body) {
        if ((status == 200 || status == 201) && body != null && body.hasNonNull("contactId")) {
            return Optional.of(body.get("contactId").asText());
        }
        return Optional.empty();
    }
}

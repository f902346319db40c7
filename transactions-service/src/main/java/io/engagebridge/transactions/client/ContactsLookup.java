package io.engagebridge.transactions.client;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

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

    private static final Logger LOG = Logger.getLogger(ContactsLookup.class);

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
                    if (refusedOurToken(status)) {
                        LOG.errorf("contacts-service refused this service's token (%d): check SERVICE_SIGNING_KEY_ID and "
                                + "SERVICE_SIGNING_KEY_LOCATION here and SERVICE_KEYS_LOCATION there", status);
                    }
                    return status == 404 || status == 422 || status == 409 ? Uni.createFrom().item(Optional.empty())
                            : Uni.createFrom().failure(failure);
                });
    }

    /** 401/403: our token was not accepted, a configuration fault (a key missing on one side), never the customer's. */
    private static boolean refusedOurToken(int status) {
        return status == 401 || status == 403;
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

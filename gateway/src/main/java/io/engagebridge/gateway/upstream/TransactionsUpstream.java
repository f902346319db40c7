package io.engagebridge.gateway.upstream;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;

/** transactions-service behind a timeout (the client's read-timeout) and its own breaker. */
@ApplicationScoped
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000, failOn = UpstreamUnavailable.class)
public class TransactionsUpstream {

    static final String NAME = "transactions-service";
    private final TransactionsApi api;

    public TransactionsUpstream(@RestClient TransactionsApi api) {
        this.api = api;
    }

    /** The receipt goes on as it came: transactions-service checks it (the hot path parses JSON once). */
    public Uni<Answer> accept(String receipt) {
        return Answer.from(NAME, api.accept(receipt));
    }

    public Uni<Answer> receipt(String uniqueReceiptId) {
        return Answer.from(NAME, api.receipt(uniqueReceiptId));
    }

    public Uni<Answer> transactions(String contactId, int offset, int count) {
        return Answer.from(NAME, api.transactions(contactId, offset, count));
    }

    public Uni<Answer> outbox() {
        return Answer.from(NAME, api.outbox());
    }
}

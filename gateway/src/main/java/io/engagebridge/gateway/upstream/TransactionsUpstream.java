package io.engagebridge.gateway.upstream;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;

/**
 * transactions-service behind a timeout (the client's read-timeout) and a breaker per call; a receipt goes its own way,
 * {@link ReceiptsUpstream}, with a breaker of the same settings.
 */
@ApplicationScoped
@CircuitBreaker(requestVolumeThreshold = TransactionsUpstream.BREAKER_CALLS, failureRatio = TransactionsUpstream.BREAKER_RATIO,
        delay = TransactionsUpstream.BREAKER_DELAY_MS, failOn = UpstreamUnavailable.class)
public class TransactionsUpstream {

    static final String NAME = "transactions-service";
    /** The breakers' settings: over the last 20 calls, half of them failed opens it for 5 s. */
    static final int BREAKER_CALLS = 20;
    static final double BREAKER_RATIO = 0.5;
    static final long BREAKER_DELAY_MS = 5000;
    private final TransactionsApi api;

    public TransactionsUpstream(@RestClient TransactionsApi api) {
        this.api = api;
    }

    public Uni<Answer> receipt(String uniqueReceiptId) {
        return Answer.from(NAME, api.receipt(uniqueReceiptId));
    }

    public Uni<Answer> transactions(String contactId, int offset, int count) {
        return Answer.from(NAME, api.transactions(contactId, offset, count));
    }
}

package io.engagebridge.transactions.engage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import io.engagebridge.engage.EngageClient;
import io.engagebridge.engage.EngageUnavailableException;
import io.engagebridge.engage.model.TransactionsPage;
import io.smallrye.mutiny.Uni;

/**
 * Live reads of the purchase history, for My Pages: a short timeout, one quick retry, a breaker. Only Engage being
 * unavailable counts as failure. Receipts are not sent here: they always go through the outbox.
 */
@ApplicationScoped
public class TransactionsEngage {

    private final EngageClient engage;

    public TransactionsEngage(EngageClient engage) {
        this.engage = engage;
    }

    @Timeout(3000)
    @Retry(maxRetries = 1, delay = 200, retryOn = { EngageUnavailableException.class,
            org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class })
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10000, failOn = {
            EngageUnavailableException.class, org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class })
    public Uni<TransactionsPage> transactions(String contactId, int offset, int count) {
        return engage.transactions(contactId, offset, count);
    }
}

package io.engagebridge.gateway.upstream;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;

/**
 * Each service's outbox figures, asked on its management port (where the services serve their outbox's ops
 * endpoints, beside health and metrics; never on their API port). The clients' read-timeout
 * ({@code quarkus.rest-client.*-management.read-timeout}) bounds the operators' view. No retry: an operator asks again.
 * No breaker: a view asked now and then protects nothing by failing fast, and it must not share the API calls'
 * breakers, since a management port that does not answer says nothing about the API.
 */
@ApplicationScoped
public class ServiceOutboxes {

    /** Where a service serves its outbox's figures on its management port (infra/outbox-ops). */
    static final String FIGURES = "/ops/outbox";

    private final ContactsManagementApi contacts;
    private final TransactionsManagementApi transactions;
    private final PromotionsManagementApi promotions;

    public ServiceOutboxes(@RestClient ContactsManagementApi contacts, @RestClient TransactionsManagementApi transactions,
            @RestClient PromotionsManagementApi promotions) {
        this.contacts = contacts;
        this.transactions = transactions;
        this.promotions = promotions;
    }

    public Uni<Answer> contacts() {
        return Answer.from(ContactsUpstream.NAME, contacts.outboxFigures());
    }

    public Uni<Answer> transactions() {
        return Answer.from(TransactionsUpstream.NAME, transactions.outboxFigures());
    }

    public Uni<Answer> promotions() {
        return Answer.from(PromotionsUpstream.NAME, promotions.outboxFigures());
    }
}

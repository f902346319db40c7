package io.engagebridge.gateway.upstream;

import jakarta.inject.Singleton;

import io.engagebridge.servicetokens.ServiceTokenFilter;
import io.engagebridge.servicetokens.ServiceTokens;

/**
 * The gateway's service token on every call of a service's REST client, each naming that service as its audience:
 * a token for one service is refused by the others.
 */
final class ServiceTokenFilters {

    private ServiceTokenFilters() {
    }

    @Singleton
    static class Contacts extends ServiceTokenFilter {
        Contacts(ServiceTokens tokens) {
            super(tokens, ContactsUpstream.NAME);
        }
    }

    @Singleton
    static class Transactions extends ServiceTokenFilter {
        Transactions(ServiceTokens tokens) {
            super(tokens, TransactionsUpstream.NAME);
        }
    }

    @Singleton
    static class Promotions extends ServiceTokenFilter {
        Promotions(ServiceTokens tokens) {
            super(tokens, PromotionsUpstream.NAME);
        }
    }
}

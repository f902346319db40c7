package io.engagebridge.transactions.client;

import jakarta.inject.Singleton;

import io.engagebridge.servicetokens.ServiceTokenFilter;
import io.engagebridge.servicetokens.ServiceTokens;

/** Every call to contacts-service carries this service's token for it. */
@Singleton
public class ContactsServiceToken extends ServiceTokenFilter {

    /** contacts-service's name, the audience of the tokens it accepts. */
    static final String AUDIENCE = "contacts-service";

    public ContactsServiceToken(ServiceTokens tokens) {
        super(tokens, AUDIENCE);
    }
}

package io.engagebridge.servicetokens;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Puts this app's service token for one service on every call of a REST client. Subclass it once per service called,
 * as a CDI bean naming that service's audience, and register the subclass on the client with
 * {@code @RegisterProvider}.
 */
public abstract class ServiceTokenFilter implements ClientRequestFilter {

    private final ServiceTokens tokens;
    private final String audience;

    protected ServiceTokenFilter(ServiceTokens tokens, String audience) {
        this.tokens = tokens;
        this.audience = audience;
    }

    @Override
    public void filter(ClientRequestContext request) {
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, tokens.bearer(audience));
    }
}

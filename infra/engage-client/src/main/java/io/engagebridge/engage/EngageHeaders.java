package io.engagebridge.engage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * The headers Engage requires on every request, GET included: the API key (header name configurable),
 * a User-Agent, and {@code Content-Type: application/json} (a missing one is answered with 500).
 */
@ApplicationScoped
public class EngageHeaders implements ClientHeadersFactory {

    private final EngageConfig config;
    private final EngageSettings settings;

    public EngageHeaders(EngageConfig config, EngageSettings settings) {
        this.config = config;
        this.settings = settings;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putSingle(config.apiKeyHeader(), settings.apiKey());
        headers.putSingle(HttpHeaders.USER_AGENT, config.userAgent());
        headers.putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        headers.putSingle(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
        return headers;
    }
}

package io.engagebridge.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.engagebridge.gateway.config.GatewayConfig;
import io.engagebridge.gateway.upstream.Answer;
import io.engagebridge.gateway.upstream.UpstreamUnavailable;
import io.engagebridge.web.ApiException;
import io.engagebridge.web.RequestIds;
import io.smallrye.mutiny.Uni;

/** Uncached calls (POS, writes): the service's answer as it came; when it fails, 503 with Retry-After. */
@ApplicationScoped
public class Passthrough {

    private final GatewayConfig config;

    public Passthrough(GatewayConfig config) {
        this.config = config;
    }

    public Uni<Response> answer(Uni<Answer> call) {
        return call.map(Answer::toResponse)
                .onFailure(CachedReads::isUnavailable).recoverWithItem(this::unavailable);
    }

    Response unavailable(Throwable failure) {
        if (failure instanceof UpstreamUnavailable u && u.answer() != null) {
            return u.answer().toResponse();
        }
        return ApiException.unavailable(failure.getMessage(), config.retryAfterSeconds())
                .toResponse(RequestIds.current());
    }
}

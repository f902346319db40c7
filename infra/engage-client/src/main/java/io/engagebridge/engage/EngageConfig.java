package io.engagebridge.engage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How to reach Engage. The REST client reads its URL from {@code quarkus.rest-client.engage.url=${engage.base-url}}. */
@ConfigMapping(prefix = "engage")
public interface EngageConfig {

    /** Tenant base URL, e.g. {@code https://tenant.staging.voyado.com} (env ENGAGE_BASE_URL). */
    String baseUrl();

    /** The API key (env ENGAGE_API_KEY). Never logged. */
    String apiKey();

    /** Header that carries the key: {@code apikey} per the API docs, {@code x-api-key} on one public page. */
    @WithDefault("apikey")
    String apiKeyHeader();

    /** Mandatory User-Agent, {@code <System>/<version>}. */
    @WithDefault("engage-bridge/0.1.0")
    String userAgent();

    /** Redeem path: {@code promotion-assignments} (v3 reference) or {@code promotions-codes} (integration guide); see {@link RedeemPath}. */
    @WithDefault("promotion-assignments")
    RedeemPath redeemPath();
}

package io.engagebridge.servicetokens;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who this app is when it calls another service, and the key it proves it with. */
@ConfigMapping(prefix = "service-token")
public interface ServiceTokenConfig {

    /** This app's name as the services know it ({@code gateway}): the subject and the only group of its tokens. */
    String caller();

    /** This app's private signing key, a PEM file (PKCS#8, RSA): {@code file:/...} (the apps read SERVICE_SIGNING_KEY_LOCATION). */
    Optional<String> signingKeyLocation();

    /**
     * The key's id, sent as the token's {@code kid}: {@code <caller>} or {@code <caller>.<anything>}, since the services
     * take the signer's name from it (SERVICE_SIGNING_KEY_ID).
     */
    Optional<String> keyId();

    /** The tokens' issuer ({@code iss}); the services expect the same. */
    @WithDefault("engage-bridge")
    String issuer();

    /** How long a token is valid. Short, so a token that leaks is soon worthless. */
    @WithDefault("5m")
    Duration lifetime();

    /** A token is replaced this long before it expires, so no call carries one about to expire. */
    @WithDefault("1m")
    Duration renewBefore();
}

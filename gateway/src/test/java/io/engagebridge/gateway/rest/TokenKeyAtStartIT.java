package io.engagebridge.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.engagebridge.testsupport.Replicas;
import io.engagebridge.testsupport.Replicas.Replica;
import io.engagebridge.testsupport.ServiceKeys;

/**
 * The packaged gateway in its production profile without the identity provider's key: it stops at start and names
 * JWT_PUBLIC_KEY_LOCATION, where smallrye-jwt alone would start and answer every call with a 500. TokenSettingsTest
 * covers the other cases without starting anything.
 */
class TokenKeyAtStartIT {

    private static final Duration START = Duration.ofSeconds(90);

    @Test
    void withoutTheIdentityProvidersKeyTheGatewayDoesNotStart() {
        Map<String, String> config = new HashMap<>(ServiceKeys.shared().signerConfig(ServiceKeys.GATEWAY));
        try (Replicas gateways = new Replicas(Path.of("").toAbsolutePath(), config)) {
            Replica unset = gateways.start("no-jwt-key", environment -> environment.remove("JWT_PUBLIC_KEY_LOCATION"));
            Replica missing = gateways.start("jwt-key-not-there",
                    environment -> environment.put("JWT_PUBLIC_KEY_LOCATION", "file:/nonexistent/public-key.pem"));

            assertThat(unset.awaitExit(START)).as("exit code").isNotZero();
            assertThat(unset.output()).contains("mp.jwt.verify.publickey.location is not set (environment variable "
                    + "JWT_PUBLIC_KEY_LOCATION)");
            assertThat(missing.awaitExit(START)).as("exit code").isNotZero();
            assertThat(missing.output()).contains("Cannot read the identity provider's public key at "
                    + "file:/nonexistent/public-key.pem (mp.jwt.verify.publickey.location, environment variable "
                    + "JWT_PUBLIC_KEY_LOCATION)");
        }
    }
}

package io.engagebridge.gateway.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The token settings the gateway will not start with, checked without Quarkus. */
class TokenSettingsTest {

    private static final List<String> AUDIENCE = List.of("engage-bridge");
    private static final String PEM = "file:/keys/public-key.pem";

    @Test
    void theDefaultsAndAJwkSetWithBothAlgorithmsStart() {
        assertThatCode(() -> TokenSettings.check(AUDIENCE, List.of("RS256"), PEM)).doesNotThrowAnyException();
        assertThatCode(() -> TokenSettings.check(AUDIENCE, List.of("ES256"), PEM)).doesNotThrowAnyException();
        assertThatCode(() -> TokenSettings.check(AUDIENCE, List.of("RS256", "ES256"), null)).doesNotThrowAnyException();
    }

    @Test
    void noAudienceStopsTheStart() {
        for (List<String> audiences : List.of(List.<String>of(), List.of(" "))) {
            assertThatThrownBy(() -> TokenSettings.check(audiences, List.of("RS256"), PEM))
                    .hasMessageStartingWith("mp.jwt.verify.audiences (JWT_AUDIENCE) is empty");
        }
    }

    @Test
    void anAlgorithmOtherThanRs256OrEs256StopsTheStart() {
        for (String algorithm : List.of("HS256", "RS512", "PS256", "ES384", "none")) {
            assertThatThrownBy(() -> TokenSettings.check(AUDIENCE, List.of("RS256", algorithm), null)).as(algorithm)
                    .hasMessage("mp.jwt.verify.publickey.algorithm lists " + algorithm + ": only RS256 and ES256 are allowed");
        }
    }

    @Test
    void twoAlgorithmsWithAPemKeyStopTheStart() {
        assertThatThrownBy(() -> TokenSettings.check(AUDIENCE, List.of("RS256", "ES256"), PEM))
                .hasMessageContaining("but the key (file:/keys/public-key.pem) is PEM");
    }
}

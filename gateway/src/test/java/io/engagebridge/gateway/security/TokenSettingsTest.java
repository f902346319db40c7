package io.engagebridge.gateway.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.engagebridge.gateway.JwtKeysResource;

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

    @Test
    void noKeyStopsTheStartNamingTheVariable() {
        for (String location : new String[] { null, "", " " }) {
            assertThatThrownBy(() -> TokenSettings.checkKey(false, location, "RS256"))
                    .hasMessageContaining("mp.jwt.verify.publickey.location is not set (environment variable "
                            + "JWT_PUBLIC_KEY_LOCATION)");
        }
    }

    @Test
    void aKeyFileThatCannotBeReadAsAKeyStopsTheStartNamingTheVariable(@TempDir Path dir) throws IOException {
        Path garbage = Files.writeString(dir.resolve("public-key.pem"), "not a key");
        for (String location : List.of("file:" + dir.resolve("missing.pem"), garbage.toUri().toString(), "jwt/public-key.pem")) {
            assertThatThrownBy(() -> TokenSettings.checkKey(false, location, "RS256")).as(location)
                    .hasMessageStartingWith("Cannot read the identity provider's public key at " + location)
                    .hasMessageContaining("JWT_PUBLIC_KEY_LOCATION");
        }
    }

    @Test
    void aReadableKeyAnInlineKeyOrAJwksUrlStart(@TempDir Path dir) throws IOException {
        String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder()
                .encodeToString(JwtKeysResource.newPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        Path key = Files.writeString(dir.resolve("public-key.pem"), pem);
        assertThatCode(() -> TokenSettings.checkKey(false, key.toUri().toString(), "RS256")).doesNotThrowAnyException();
        assertThatCode(() -> TokenSettings.checkKey(true, null, "RS256")).doesNotThrowAnyException();
        assertThatCode(() -> TokenSettings.checkKey(false, "https://login.example.com/.well-known/jwks.json", "RS256"))
                .as("fetched by smallrye-jwt, not at start").doesNotThrowAnyException();
    }
}

package io.engagebridge.serviceauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The rule binding a token's group to its signing key, checked without Quarkus (the services' tests check it over HTTP). */
class SignerGroupsTest {

    private static String token(String header) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString("{}".getBytes()) + ".sig";
    }

    @Test
    void theSignerIsTheKeyIdUpToItsFirstDot() {
        assertThat(SignerGroups.signerOf("gateway.2026-11.b")).isEqualTo("gateway");
        assertThat(SignerGroups.signerOf("transactions-service")).isEqualTo("transactions-service");
        assertThat(SignerGroups.signerOf(null)).isNull();
        assertThat(SignerGroups.signerOf(" ")).isNull();
    }

    @Test
    void theKeyIdIsReadFromTheTokensHeader() {
        assertThat(SignerGroups.keyIdOf(token("{\"alg\":\"RS256\",\"kid\":\"gateway.k1\"}"))).isEqualTo("gateway.k1");
        assertThat(SignerGroups.keyIdOf(token("{\"alg\":\"RS256\"}"))).isNull();
        assertThat(SignerGroups.keyIdOf(token("{\"kid\":7}"))).isNull();
        assertThat(SignerGroups.keyIdOf("not a token")).isNull();
        assertThat(SignerGroups.keyIdOf("%%%.x.y")).isNull();
    }

    @Test
    void aTokenMayCarryOnlyItsSignersGroup() {
        assertThat(SignerGroups.onlyTheSignersGroup("gateway", Set.of("gateway"))).isTrue();
        assertThat(SignerGroups.onlyTheSignersGroup("transactions-service", Set.of("gateway"))).isFalse();
        assertThat(SignerGroups.onlyTheSignersGroup("transactions-service", Set.of("transactions-service", "operator")))
                .isFalse();
        assertThat(SignerGroups.onlyTheSignersGroup("gateway", Set.of())).isFalse();
        assertThat(SignerGroups.onlyTheSignersGroup(null, Set.of("gateway"))).isFalse();
    }
}

package io.engagebridge.serviceauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading the bearer token of a management route's request, without Quarkus (the routes are tested over HTTP). */
class ManagementCallersTest {

    @Test
    void theTokenIsWhatFollowsBearer() {
        assertThat(ManagementCallers.bearerToken("Bearer abc.def.ghi")).isEqualTo("abc.def.ghi");
        assertThat(ManagementCallers.bearerToken("bearer abc")).isEqualTo("abc");
    }

    @Test
    void noBearerTokenIsNone() {
        assertThat(ManagementCallers.bearerToken(null)).isNull();
        assertThat(ManagementCallers.bearerToken("Bearer ")).isNull();
        assertThat(ManagementCallers.bearerToken("Bearer    ")).isNull();
        assertThat(ManagementCallers.bearerToken("Basic dXNlcjpwYXNz")).isNull();
        assertThat(ManagementCallers.bearerToken("Bearerabc")).isNull();
    }
}

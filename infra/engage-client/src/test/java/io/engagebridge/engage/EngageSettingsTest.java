package io.engagebridge.engage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The start-up check of where Engage is and its key, without Quarkus (EngageSettingsIT starts a packaged app). */
class EngageSettingsTest {

    private static final String KEY = "a-tenant-key-0123456789";

    @ParameterizedTest
    @ValueSource(strings = { "https://tenant.voyado.com", "https://tenant.staging.voyado.com/", "HTTPS://Tenant.Voyado.com",
            "http://127.0.0.1:8089", "http://localhost:8089", "http://[::1]:8089", "http://127.1.2.3",
            " https://tenant.voyado.com " })
    void acceptsHttpsAndPlainHttpToThisMachine(String url) {
        assertThat(new EngageSettings(url, KEY, List.of()).baseUrl().getHost()).isNotBlank();
    }

    @Test
    void acceptsPlainHttpToAHostNamedForIt() {
        assertThat(new EngageSettings("http://engage-sandbox:8089", KEY, List.of("engage-sandbox")).baseUrl().getHost())
                .isEqualTo("engage-sandbox");
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://tenant.voyado.com", "http://10.0.0.7:8089", "http://engage-sandbox:8089",
            "http://localhost.example.com", "http://127.0.0.1.nip.io", "http://[::2]" })
    void refusesPlainHttpToAnotherHostNamingTheVariable(String url) {
        assertThatThrownBy(() -> new EngageSettings(url, KEY, List.of("other-host")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ENGAGE_BASE_URL (engage.base-url) is http://")
                .hasMessageContaining("in clear")
                .hasMessageContaining("ENGAGE_PLAIN_HTTP_HOSTS");
    }

    @Test
    void aMissingUrlOrKeyIsNamed() {
        assertThatThrownBy(() -> new EngageSettings(null, KEY, List.of())).hasMessageContaining("ENGAGE_BASE_URL is not set")
                .hasMessageNotContaining("ENGAGE_API_KEY is not set");
        assertThatThrownBy(() -> new EngageSettings("https://tenant.voyado.com", " ", List.of()))
                .hasMessageContaining("ENGAGE_API_KEY is not set").hasMessageNotContaining("ENGAGE_BASE_URL");
        assertThatThrownBy(() -> new EngageSettings("", null, List.of()))
                .hasMessageContaining("ENGAGE_BASE_URL is not set").hasMessageContaining("ENGAGE_API_KEY is not set");
    }

    @ParameterizedTest
    @ValueSource(strings = { "engage.example.org", "ftp://engage.example.org", "https:///api", "not a url " + KEY,
            "file:/etc/passwd" })
    void aValueThatIsNotAnHttpUrlIsRefusedWithoutBeingShown(String url) {
        assertThatThrownBy(() -> new EngageSettings(url, KEY, List.of()))
                .hasMessageContaining("ENGAGE_BASE_URL (engage.base-url) is not an http(s) URL")
                .hasMessageNotContaining(url.strip());
    }

    @Test
    void aUrlCarryingCredentialsIsRefusedWithoutShowingThem() {
        assertThatThrownBy(() -> new EngageSettings("https://me:" + KEY + "@tenant.voyado.com", KEY, List.of()))
                .hasMessageContaining("carries a user or password").hasMessageContaining("https://tenant.voyado.com")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void loopbackIsKnownByNameNeverResolved() {
        assertThat(EngageSettings.isLoopback("127.0.0.1")).isTrue();
        assertThat(EngageSettings.isLoopback("LOCALHOST")).isTrue();
        assertThat(EngageSettings.isLoopback("[0:0:0:0:0:0:0:1]")).isTrue();
        assertThat(EngageSettings.isLoopback("localhost.")).isFalse();
        assertThat(EngageSettings.isLoopback("128.0.0.1")).isFalse();
    }
}

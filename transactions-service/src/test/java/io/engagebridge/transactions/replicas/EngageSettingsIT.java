package io.engagebridge.transactions.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.engagebridge.testsupport.Replicas;
import io.engagebridge.testsupport.Replicas.Replica;
import io.engagebridge.testsupport.ServiceKeys;

/**
 * The packaged service in its production profile, given Engage's settings in its environment as Kubernetes and
 * infra/scripts/run.sh give them: without ENGAGE_BASE_URL and ENGAGE_API_KEY, or with an http:// URL to another
 * machine, it stops at once and names the variables to set; with http:// to this machine (the sandbox of the local
 * run) it starts. The three start at the same time. The check itself, case by case, is engage-client's
 * EngageSettings (EngageSettingsTest).
 */
class EngageSettingsIT {

    private static final String DATABASE = "transactions_settings_it";
    private static final String KEY = "settings-it-key-7d41c2";
    private static final Duration START = Duration.ofSeconds(90);

    @Test
    void startsOnlyWhenEngageIsNamedWithItsKeyAndReachedOverHttpsOrOnThisMachine() {
        Map<String, String> config = Replicas.freshDatabase(DATABASE);
        config.put("quarkus.rest-client.contacts.url", "http://127.0.0.1:9");
        config.putAll(ServiceKeys.shared().verifierConfig());
        config.putAll(ServiceKeys.shared().signerConfig(ServiceKeys.TRANSACTIONS));
        try (Replicas apps = new Replicas(Path.of(""), config)) {
            apps.migrate(1);
            Replica sandbox = apps.start("sandbox-on-loopback", engage("http://127.0.0.1:9", KEY));
            Replica unset = apps.start("no-engage-settings", engage(null, null));
            Replica plainHttp = apps.start("plain-http-engage", engage("http://tenant.voyado.example", KEY));

            assertStopsSaying(unset, "ENGAGE_BASE_URL is not set (engage.base-url)");
            assertThat(unset.output()).contains("ENGAGE_API_KEY is not set (engage.api-key)");
            assertStopsSaying(plainHttp, "ENGAGE_BASE_URL (engage.base-url) is http://tenant.voyado.example: over plain "
                    + "http the API key would cross the network in clear");
            sandbox.awaitReady(START);
            assertThat(sandbox.output()).contains("Engage at http://127.0.0.1:9 (the API key is not shown)");
            for (Replica app : new Replica[] { unset, plainHttp, sandbox }) {
                assertThat(app.output()).as(app.name() + "'s log").doesNotContain(KEY);
            }
        }
    }

    /** The environment's Engage settings replaced by these (null: not set), nothing else of Engage given. */
    private static Consumer<Map<String, String>> engage(String baseUrl, String apiKey) {
        return environment -> {
            environment.keySet().removeIf(name -> name.startsWith("ENGAGE_"));
            if (baseUrl != null) {
                environment.put("ENGAGE_BASE_URL", baseUrl);
            }
            if (apiKey != null) {
                environment.put("ENGAGE_API_KEY", apiKey);
            }
        };
    }

    private static void assertStopsSaying(Replica app, String reason) {
        assertThat(app.awaitExit(START)).as(app.name() + " exits with an error").isNotZero();
        assertThat(app.output()).as(app.name() + "'s log").contains("Engage is not configured: " + reason);
    }
}

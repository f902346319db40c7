package io.engagebridge.testsupport;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * WireMock on a random port standing in for Engage: sets {@code engage.base-url} and {@code engage.api-key},
 * and injects the server into fields marked {@link InjectEngage}.
 */
public class EngageWireMockResource implements QuarkusTestResourceLifecycleManager {

    /** The API key the tests configure; stubs and verifications can match on it. */
    public static final String TEST_API_KEY = "test-key";

    private WireMockServer server;
    private String property = "engage.base-url";

    /** Init arg {@code property}: the config key that gets WireMock's URL (default {@code engage.base-url}). */
    @Override
    public void init(Map<String, String> initArgs) {
        property = initArgs.getOrDefault("property", property);
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().containerThreads(20));
        server.start();
        return Map.of(
                property, server.baseUrl(),
                "engage.api-key", TEST_API_KEY);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectEngage.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}

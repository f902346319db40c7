package io.engagebridge.testsupport;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The service keys of this test JVM ({@link ServiceKeys}, made once) for the service under test: the callers' public
 * keys it verifies with, and, with init arg {@code signer}, the private key it signs its own calls with.
 */
public class ServiceKeysResource implements QuarkusTestResourceLifecycleManager {

    private String signer;

    /** Init arg {@code signer}: the caller this app signs as ({@code transactions-service}); none by default. */
    @Override
    public void init(Map<String, String> initArgs) {
        signer = initArgs.get("signer");
    }

    @Override
    public Map<String, String> start() {
        ServiceKeys keys = ServiceKeys.shared();
        Map<String, String> config = new HashMap<>(keys.verifierConfig());
        if (signer != null) {
            config.putAll(keys.signerConfig(signer));
        }
        return config;
    }

    @Override
    public void stop() {
        // the keys live as long as the test JVM
    }
}

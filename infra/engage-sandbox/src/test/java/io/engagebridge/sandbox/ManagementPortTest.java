package io.engagebridge.sandbox;

import io.engagebridge.testsupport.ManagementPortChecks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Health on the management port only, as in every app, so the same probes serve it in a trial cluster. */
@QuarkusTest
@TestProfile(EngageSandboxTest.ShortImport.class)
class ManagementPortTest extends ManagementPortChecks {

    @Override
    protected String[] readinessChecks() {
        return new String[0];
    }

    @Override
    protected boolean publishesMetrics() {
        return false;
    }
}

package io.engagebridge.transactions;

import java.util.Map;

import io.engagebridge.testsupport.ServiceKeysResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The database refuses connections (down, or nothing listening where it should be). */
@QuarkusTest
@TestProfile(ReadinessWithoutDatabaseTest.NoDatabase.class)
@WithTestResource(value = ServiceKeysResource.class, initArgs = @ResourceArg(name = "signer", value = "transactions-service"))
class ReadinessWithoutDatabaseTest extends DatabaseOutOfReachChecks {

    /** The database URLs name a port nothing listens on. */
    public static class NoDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return databaseAt("127.0.0.1:1");
        }
    }
}

package io.engagebridge.transactions;

import java.util.Map;

import io.engagebridge.testsupport.ServiceKeysResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The database's host name does not resolve (a cluster's DNS or the database's Service away): an outage as a refused
 * connection is, answered as one (before, a 500: the lookup's UnknownHostException is no RuntimeException).
 */
@QuarkusTest
@TestProfile(UnresolvableDatabaseTest.NoSuchHost.class)
@WithTestResource(value = ServiceKeysResource.class, initArgs = @ResourceArg(name = "signer", value = "transactions-service"))
class UnresolvableDatabaseTest extends DatabaseOutOfReachChecks {

    /** The database URLs name a host in the reserved .invalid domain, which never resolves (RFC 2606). */
    public static class NoSuchHost implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return databaseAt("database.engage-bridge.invalid:5432");
        }
    }
}

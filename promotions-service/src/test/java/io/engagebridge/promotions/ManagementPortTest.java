package io.engagebridge.promotions;

import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.ManagementPortChecks;
import io.engagebridge.testsupport.PostgresTestResource;
import io.engagebridge.testsupport.ServiceKeysResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Health and metrics on the management port only; readiness includes the database and the shutdown. */
@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "promotions_test"))
@WithTestResource(ServiceKeysResource.class)
class ManagementPortTest extends ManagementPortChecks {

    @Override
    protected String[] readinessChecks() {
        return new String[] { DATABASE_CHECK, SHUTDOWN_CHECK };
    }
}

package io.engagebridge.gateway;

import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.ManagementPortChecks;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Health and metrics on the management port only; the services behind the gateway being down does not matter. */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(value = EngageWireMockResource.class, initArgs = @ResourceArg(name = "property", value = "services.base-url"))
class ManagementPortTest extends ManagementPortChecks {

    @Override
    protected String[] readinessChecks() {
        return new String[] { SHUTDOWN_CHECK };
    }
}

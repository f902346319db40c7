package io.engagebridge.gateway;

import static io.restassured.RestAssured.given;

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

    @Override
    protected String monitoredAs() {
        return "gateway";
    }

    /** One request (refused: no token) times the API; the My Pages counters exist from the start. */
    @Override
    protected void useWhatTheDashboardReads() {
        given().get("/api/v1/me/profile").then().statusCode(401);
    }
}

package io.engagebridge.promotions;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.engagebridge.testsupport.EngageStubs.json;

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

    @Override
    protected String monitoredAs() {
        return "promotions-service";
    }

    /** A live read of a customer's offers: the API, Engage and the call's breaker are timed. */
    @Override
    protected void useWhatTheDashboardReads() {
        outside.stubFor(get(urlPathEqualTo("/api/v3/promotion-assignments")).willReturn(json(200, "[]")));
        try {
            asAllowedCaller().queryParam("contactId", "4f3b2a10-0000-4000-8000-0000000000f1").queryParam("channel", "POS")
                    .get("/promotions").then().statusCode(200);
        } finally {
            outside.resetAll();
        }
    }
}

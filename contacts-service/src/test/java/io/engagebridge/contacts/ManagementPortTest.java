package io.engagebridge.contacts;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.engagebridge.testsupport.EngageStubs.engageError;

import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.ManagementPortChecks;
import io.engagebridge.testsupport.PostgresTestResource;
import io.engagebridge.testsupport.ServiceKeysResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Health and metrics on the management port only; readiness includes the database and the shutdown. */
@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "contacts_test"))
@WithTestResource(ServiceKeysResource.class)
class ManagementPortTest extends ManagementPortChecks {

    @Override
    protected String[] readinessChecks() {
        return new String[] { DATABASE_CHECK, SHUTDOWN_CHECK };
    }

    @Override
    protected String monitoredAs() {
        return "contacts-service";
    }

    /** A live lookup of a customer Engage does not know: the API, Engage and the lookup's breaker are timed. */
    @Override
    protected void useWhatTheDashboardReads() {
        outside.stubFor(get(urlPathEqualTo("/api/v3/contacts/id")).willReturn(engageError(404, "ContactNotFound")));
        try {
            asAllowedCaller().contentType(ContentType.JSON).body("{\"memberNumber\":\"M-METRICS\"}").post("/contacts/identify")
                    .then().statusCode(404);
        } finally {
            outside.resetAll();
        }
    }
}

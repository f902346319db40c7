package io.engagebridge.promotions.rest;

import java.util.List;

import io.engagebridge.testsupport.BadInputChecks;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.PostgresTestResource;
import io.engagebridge.testsupport.ServiceKeysResource;
import io.engagebridge.testsupport.badinput.BadRequests;
import io.engagebridge.testsupport.badinput.Route;
import io.engagebridge.testsupport.badinput.Route.BodyChecks;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The malformed-request corpus against promotions-service's two routes (test-support's BadInputChecks). */
@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "promotions_test"))
@WithTestResource(ServiceKeysResource.class)
class BadInputTest extends BadInputChecks {

    private static final String ANN = "4f3b2a10-0000-4000-8000-00000000a001";
    private static final String ASSIGNMENT = "a1b2c3d4-0000-4000-8000-000000000001";

    @Override
    protected String[] ownTables() {
        return new String[] { "redemption", "assignment_copy" };
    }

    @Override
    protected List<Route> routes() {
        String token = gatewayToken();
        var badTokens = badTokens();
        return List.of(
                Route.of("GET", "/promotions").query("contactId", ANN, BadRequests.badIds(64), true)
                        .query("channel", "POS", BadRequests.badChannels(), false)
                        .authorization(token, badTokens, 401, 403),
                Route.of("POST", "/promotions/{assignmentId}/redeem").path("assignmentId", ASSIGNMENT, BadRequests.badIds(64))
                        .body("{\"contactId\":\"" + ANN + "\",\"channel\":\"POS\",\"uniqueReceiptId\":\"R-1001\"}",
                                BodyChecks.FULL)
                        .authorization(token, badTokens, 401, 403));
    }
}

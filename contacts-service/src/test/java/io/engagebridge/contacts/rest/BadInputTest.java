package io.engagebridge.contacts.rest;

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

/** The malformed-request corpus against contacts-service's four routes (test-support's BadInputChecks). */
@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "contacts_test"))
@WithTestResource(ServiceKeysResource.class)
class BadInputTest extends BadInputChecks {

    private static final String ANN_ID = "4f3b2a10-0000-4000-8000-00000000a001";

    @Override
    protected String[] ownTables() {
        return new String[] { "contact_key", "contact_snapshot" };
    }

    @Override
    protected List<Route> routes() {
        String token = gatewayToken();
        var badTokens = badTokens();
        var badIds = BadRequests.badIds(64);
        return List.of(
                Route.of("POST", "/contacts/identify")
                        .body("""
                                {"email":"ann@example.com","create":{"attributes":{"firstName":"Ann"},"contactType":"Member",
                                 "source":"POS","storeExternalId":"S001","createAsUnapproved":false}}""", BodyChecks.FULL)
                        .freeForm("/create/attributes").singleLine("/email")
                        .authorization(token, badTokens, 401, 403),
                Route.of("GET", "/contacts/{contactId}").path("contactId", ANN_ID, badIds)
                        .authorization(token, badTokens, 401, 403),
                Route.of("PATCH", "/contacts/{contactId}").path("contactId", ANN_ID, badIds)
                        .body("{\"attributes\":{\"firstName\":\"Ann\"},\"clear\":[\"lastName\"]}", BodyChecks.FULL)
                        .freeForm("/attributes")
                        .authorization(token, badTokens, 401, 403),
                Route.of("POST", "/contacts/{contactId}/upgrade").path("contactId", ANN_ID, badIds)
                        .authorization(token, badTokens, 401, 403));
    }
}

package io.engagebridge.contacts.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.engagebridge.testsupport.ServiceKeys.OPERATOR;
import static io.engagebridge.testsupport.ServiceKeys.TRANSACTIONS;

import org.junit.jupiter.api.Test;

import io.engagebridge.testsupport.CallerChecks;
import io.engagebridge.testsupport.EngageStubs;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.PostgresTestResource;
import io.engagebridge.testsupport.ServiceKeysResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** contacts-service answers the gateway, and transactions-service for identify only (application.properties, "Callers"). */
@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "contacts_test"))
@WithTestResource(ServiceKeysResource.class)
class CallersTest extends CallerChecks {

    private static final String ANN_ID = "4f3b2a10-0000-4000-8000-00000000a001";

    @Override
    protected String[] ownTables() {
        return new String[] { "contact_key", "contact_snapshot" };
    }

    /** The till identifies Ann (Engage knows her). */
    @Override
    protected ValidatableResponse gatewayCall(RequestSpecification request) {
        engage.stubFor(get(urlPathEqualTo("/api/v3/contacts/id")).willReturn(EngageStubs.json(200, "\"" + ANN_ID + "\"")));
        return request.contentType(ContentType.JSON).body("{\"email\":\"ann@example.com\"}").post("/contacts/identify").then();
    }

    @Test
    void transactionsServiceMayIdentifyACustomer() {
        gatewayCall(as(KEYS.token(TRANSACTIONS, audience()))).statusCode(200);
    }

    @Test
    void transactionsServiceMayNeitherReadNorChangeNorUpgradeAContact() {
        String token = KEYS.token(TRANSACTIONS, audience());

        forbidden(as(token).get("/contacts/" + ANN_ID).then());
        forbidden(as(token).contentType(ContentType.JSON).body("{\"attributes\":{\"firstName\":\"Eve\"}}")
                .patch("/contacts/" + ANN_ID).then());
        forbidden(as(token).post("/contacts/" + ANN_ID + "/upgrade").then());
        engage.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anOperatorMayNotCallTheContactsApi() {
        String token = KEYS.token(OPERATOR, audience());

        forbidden(gatewayCall(as(token)));
        forbidden(as(token).get("/contacts/" + ANN_ID).then());
        engage.verify(0, anyRequestedFor(anyUrl()));
    }
}

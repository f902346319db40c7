package io.engagebridge.promotions.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.engagebridge.testsupport.EngageStubs.json;
import static io.engagebridge.testsupport.ServiceKeys.OPERATOR;
import static io.engagebridge.testsupport.ServiceKeys.TRANSACTIONS;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.engagebridge.testsupport.CallerChecks;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.PostgresTestResource;
import io.engagebridge.testsupport.ServiceKeysResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** promotions-service answers the gateway alone (application.properties, "Callers"). */
@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "promotions_test"))
@WithTestResource(ServiceKeysResource.class)
class CallersTest extends CallerChecks {

    @Override
    protected String[] ownTables() {
        return new String[] { "redemption", "assignment_copy" };
    }

    /** My Pages lists Ann's promotions (Engage has none). */
    @Override
    protected ValidatableResponse gatewayCall(RequestSpecification request) {
        engage.stubFor(get(urlPathEqualTo("/api/v3/promotion-assignments")).willReturn(json(200, "[]")));
        return request.queryParam("contactId", "ann-1").queryParam("channel", "ECOM").get("/promotions").then();
    }

    @Test
    void neitherTransactionsServiceNorAnOperatorMayListOrRedeem() {
        for (String caller : new String[] { TRANSACTIONS, OPERATOR }) {
            String token = KEYS.token(caller, audience());

            forbidden(gatewayCall(as(token)));
            forbidden(as(token).contentType(ContentType.JSON).body("{\"contactId\":\"ann-1\",\"channel\":\"POS\"}")
                    .post("/promotions/a1/redeem").then());
        }
        assertThat(count("select count(*) from redemption")).isZero();
        engage.verify(0, anyRequestedFor(anyUrl()));
    }
}

package io.engagebridge.transactions.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.engagebridge.testsupport.EngageStubs.json;
import static io.engagebridge.testsupport.ServiceKeys.OPERATOR;
import static io.engagebridge.testsupport.ServiceKeys.TRANSACTIONS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.engagebridge.testsupport.CallerChecks;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.PostgresTestResource;
import io.engagebridge.testsupport.ServiceKeys.SentToken;
import io.engagebridge.testsupport.ServiceKeysResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * transactions-service answers the gateway alone (application.properties, "Callers"), and its own calls to
 * contacts-service carry its token for contacts-service.
 */
@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "transactions_test"))
@WithTestResource(value = ServiceKeysResource.class, initArgs = @ResourceArg(name = "signer", value = "transactions-service"))
class CallersTest extends CallerChecks {

    private static final String IDENTIFY = "/contacts-service/contacts/identify";

    @Override
    protected String[] ownTables() {
        return new String[] { "receipt" };
    }

    /** The till's receipt for Ann: accepted at once, whatever Engage does. */
    @Override
    protected ValidatableResponse gatewayCall(RequestSpecification request) {
        return request.contentType(ContentType.JSON).body(ReceiptsTest.byAnn("R-callers")).post("/receipts").then();
    }

    @Test
    void neitherTransactionsServiceNorAnOperatorMayPostOrReadReceipts() {
        for (String caller : new String[] { TRANSACTIONS, OPERATOR }) {
            String token = KEYS.token(caller, audience());

            forbidden(gatewayCall(as(token)));
            forbidden(as(token).get("/receipts/R-callers").then());
            forbidden(as(token).queryParam("contactId", "ann").get("/transactions").then());
        }
        assertThat(count("select count(*) from receipt")).isZero();
        engage.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void itsCallsToContactsServiceCarryItsOwnTokenForContactsServiceMintedOnce() {
        engage.stubFor(WireMock.post(urlPathEqualTo(IDENTIFY)).willReturn(json(200, "{\"status\":\"FOUND\",\"contactId\":\"c-1\"}")));

        given().contentType(ContentType.JSON)
                .body(ReceiptsTest.receipt("R-by-mail-1", "\"email\":\"one@example.com\"")).post("/receipts").then().statusCode(202);
        given().contentType(ContentType.JSON)
                .body(ReceiptsTest.receipt("R-by-mail-2", "\"email\":\"two@example.com\"")).post("/receipts").then().statusCode(202);

        List<LoggedRequest> calls = engage.findAll(postRequestedFor(urlPathEqualTo(IDENTIFY)));
        assertThat(calls).hasSize(2);
        String authorization = calls.get(0).getHeader("Authorization");
        SentToken token = KEYS.verify(authorization, TRANSACTIONS, "contacts-service");
        assertThat(token.audience()).containsExactly("contacts-service");
        assertThat(token.groups()).containsExactly(TRANSACTIONS);
        assertThat(token.subject()).isEqualTo(TRANSACTIONS);
        assertThat(token.lifetimeSeconds()).isEqualTo(300);
        assertThat(calls.get(1).getHeader("Authorization")).as("the same token, not one signed per call")
                .isEqualTo(authorization);
    }

    @Test
    void aReceiptStillQueuesWhenContactsServiceRefusesItsToken() {
        engage.stubFor(WireMock.post(urlPathEqualTo(IDENTIFY)).willReturn(json(401, "{\"status\":401}")));

        given().contentType(ContentType.JSON)
                .body(ReceiptsTest.receipt("R-refused", "\"memberNumber\":\"M7\"")).post("/receipts").then().statusCode(202)
                .body("contactId", nullValue());

        assertThat(count("select count(*) from receipt where key_value = 'M7'")).isEqualTo(1);
    }
}

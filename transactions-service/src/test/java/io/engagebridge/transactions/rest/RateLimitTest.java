package io.engagebridge.transactions.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.engagebridge.outbox.OutboxJobs;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.PostgresTestResource;
import io.engagebridge.testsupport.ServiceTestBase;
import io.engagebridge.testsupport.TestDatabase;
import io.engagebridge.testsupport.ServiceKeysResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Engage's 429 is the API key's: a live call does not retry it, and the relay waits out its Retry-After too. */
@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "transactions_test"))
@WithTestResource(value = ServiceKeysResource.class, initArgs = @ResourceArg(name = "signer", value = "transactions-service"))
class RateLimitTest extends ServiceTestBase {

    private static final String ANN = "4f3b2a10-0000-4000-8000-00000000a001";
    private static final String RECEIPTS = "/api/v3/receipts";
    private static final String TRANSACTIONS = "/api/v3/transactions";

    @Inject
    OutboxJobs outbox;

    @Override
    protected String[] ownTables() {
        return new String[] { "receipt" };
    }

    @Test
    void aLiveReadAnsweredTooManyRequestsIsNotRetriedAndTheRelayWaitsOutRetryAfter() {
        engage.stubFor(get(urlPathEqualTo(TRANSACTIONS))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")));
        engage.stubFor(post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withStatus(202)));
        given().contentType(ContentType.JSON).body(ReceiptsTest.byAnn("R-after-429")).post("/receipts")
                .then().statusCode(202);

        given().queryParam("contactId", ANN).get("/transactions").then().statusCode(200)
                .body("complete", equalTo(false));
        TestDatabase.drain(outbox.relay()::drainOnce);

        engage.verify(1, getRequestedFor(urlPathEqualTo(TRANSACTIONS)));
        engage.verify(1, postRequestedFor(urlPathEqualTo(RECEIPTS)));
        long tooMany = engage.findAll(getRequestedFor(urlPathEqualTo(TRANSACTIONS))).get(0).getLoggedDate().getTime();
        long sent = engage.findAll(postRequestedFor(urlPathEqualTo(RECEIPTS))).get(0).getLoggedDate().getTime();
        assertThat(sent - tooMany).as("ms between the 429 and the relay's next request").isGreaterThanOrEqualTo(1_900L);
    }
}

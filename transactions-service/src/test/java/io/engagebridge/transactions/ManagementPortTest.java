package io.engagebridge.transactions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.util.UUID;

import jakarta.inject.Inject;

import io.engagebridge.outbox.OutboxJobs;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.ManagementPortChecks;
import io.engagebridge.testsupport.PostgresTestResource;
import io.engagebridge.testsupport.ServiceKeysResource;
import io.engagebridge.testsupport.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Health and metrics on the management port only; readiness includes the database and the shutdown. */
@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "transactions_test"))
@WithTestResource(value = ServiceKeysResource.class, initArgs = @ResourceArg(name = "signer", value = "transactions-service"))
class ManagementPortTest extends ManagementPortChecks {

    @Inject
    OutboxJobs outbox;

    @Override
    protected String[] readinessChecks() {
        return new String[] { DATABASE_CHECK, SHUTDOWN_CHECK };
    }

    @Override
    protected String monitoredAs() {
        return "transactions-service";
    }

    /** A receipt accepted and sent by the relay: the API, Engage and the outbox's outcomes are counted. */
    @Override
    protected void useWhatTheDashboardReads() {
        outside.stubFor(post(urlPathEqualTo("/api/v3/receipts")).willReturn(aResponse().withStatus(202)));
        try {
            asAllowedCaller().contentType(ContentType.JSON).body("""
                    {"contactId":"4f3b2a10-0000-4000-8000-00000000a001","uniqueReceiptId":"R-METRICS-%s",
                     "receiptNumber":"1","createdDate":"2026-11-26T10:14:00+01:00","storeExternalId":"S001",
                     "currency":"SEK","totalGrossPrice":100.00,"paymentMethods":[{"type":"card","value":100.00}],
                     "items":[{"type":"PURCHASE","sku":"A1","quantity":1,"grossPaidPrice":100.00,"taxAmount":20.00,
                               "taxPercent":25,"articleNumber":"A1","articleName":"Shirt"}]}"""
                    .formatted(UUID.randomUUID())).post("/receipts").then().statusCode(202);
            TestDatabase.drain(outbox.relay()::drainOnce);
        } finally {
            outside.resetAll();
        }
    }
}

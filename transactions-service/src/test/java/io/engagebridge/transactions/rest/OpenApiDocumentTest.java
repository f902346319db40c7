package io.engagebridge.transactions.rest;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;

import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.PostgresTestResource;
import io.engagebridge.testsupport.ServiceKeysResource;
import io.engagebridge.testsupport.openapi.ServiceDocumentChecks;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.oas.models.OpenAPI;

/**
 * transactions-service's API document, as served at /q/openapi: valid OpenAPI, every reference resolved, the service token as
 * the bearer scheme of every route, every error a problem+json but the bare ones (test-support's ServiceDocumentChecks),
 * and typed bodies. (That it lists every status the tests see is OpenApiStatusesIT.)
 */
@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "transactions_test"))
@WithTestResource(value = ServiceKeysResource.class, initArgs = @ResourceArg(name = "signer", value = "transactions-service"))
class OpenApiDocumentTest extends ServiceDocumentChecks {


    /** The same records the gateway documents: a receipt, where it stands, the purchase history. */
    @Test
    void describesEachBodyAndAnswerByItsRecord() {
        OpenAPI api = parsed().getOpenAPI();

        assertThat(bodySchema(api, "POST /receipts")).isEqualTo("#/components/schemas/Receipt");
        assertThat(answerSchema(api, "POST /receipts", "202")).isEqualTo("#/components/schemas/AcceptedReceipt");
        assertThat(operations(api).get("POST /receipts").getResponses()).doesNotContainKey("200");
        assertThat(answerSchema(api, "GET /receipts/{uniqueReceiptId}", "200"))
                .isEqualTo("#/components/schemas/ReceiptStatus");
        assertThat(answerSchema(api, "GET /transactions", "200")).isEqualTo("#/components/schemas/PurchaseHistory");
    }
}

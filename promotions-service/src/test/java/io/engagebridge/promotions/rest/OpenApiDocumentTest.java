package io.engagebridge.promotions.rest;

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
 * promotions-service's API document, as served at /q/openapi: valid OpenAPI, every reference resolved, the service token as
 * the bearer scheme of every route, every error a problem+json but the bare ones (test-support's ServiceDocumentChecks),
 * and typed bodies. (That it lists every status the tests see is OpenApiStatusesIT.)
 */
@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "promotions_test"))
@WithTestResource(ServiceKeysResource.class)
class OpenApiDocumentTest extends ServiceDocumentChecks {


    /** The same records the gateway documents: the promotion list with its assignments, the redemption. */
    @Test
    void describesEachBodyAndAnswerByItsRecord() {
        OpenAPI api = parsed().getOpenAPI();

        assertThat(answerSchema(api, "GET /promotions", "200")).isEqualTo("#/components/schemas/PromotionList");
        assertThat(api.getComponents().getSchemas().get("PromotionAssignment").getProperties())
                .containsKeys("id", "promotionId", "redemptionChannels");
        assertThat(bodySchema(api, "POST /promotions/{assignmentId}/redeem")).isEqualTo("#/components/schemas/RedeemRequest");
        assertThat(answerSchema(api, "POST /promotions/{assignmentId}/redeem", "200"))
                .isEqualTo("#/components/schemas/RedemptionResult");
        assertThat(answerSchema(api, "POST /promotions/{assignmentId}/redeem", "202"))
                .isEqualTo("#/components/schemas/RedemptionResult");
    }
}

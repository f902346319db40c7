package io.engagebridge.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.engagebridge.gateway.JwtKeysResource;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.openapi.OpenApiDocumentChecks;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;

/**
 * The gateway's API document, as served at /q/openapi, is the public contract: valid OpenAPI, every reference
 * resolved, the bearer scheme defined, every error answer a problem+json (test-support's OpenApiDocumentChecks), and
 * typed bodies. (That it lists every status the tests see is OpenApiStatusesIT.)
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(value = EngageWireMockResource.class, initArgs = @ResourceArg(name = "property", value = "services.base-url"))
class OpenApiDocumentTest extends OpenApiDocumentChecks {


    @Override
    protected Set<String> publicOperations() {
        return Set.of("GET /api/v1/ping");
    }

    @Override
    protected boolean isTheApps(String operation) {
        return !operation.contains(UnannotatedResource.PATH);
    }

    @Test
    void isBrowsableInSwaggerUiOnTheApiPort() {
        given().get("/q/swagger-ui/").then().statusCode(200).contentType(containsString("text/html"));
    }

    @Test
    void describesEachBodyAndAnswerByItsRecordNotAsTextOrJackson() {
        OpenAPI api = parsed().getOpenAPI();

        assertThat(bodySchema(api, "POST /api/v1/receipts")).isEqualTo("#/components/schemas/Receipt");
        assertThat(bodySchema(api, "POST /api/v1/contacts/identify")).isEqualTo("#/components/schemas/IdentifyRequest");
        assertThat(bodySchema(api, "PATCH /api/v1/contacts/{contactId}")).isEqualTo("#/components/schemas/ContactChange");
        assertThat(bodySchema(api, "PATCH /api/v1/me/profile")).isEqualTo("#/components/schemas/ContactChange");
        assertThat(bodySchema(api, "POST /api/v1/promotions/{assignmentId}/redeem"))
                .isEqualTo("#/components/schemas/RedeemRequest");
        assertThat(api.getComponents().getSchemas().keySet()).noneMatch(name -> name.contains("Node"));
        assertThat(api.getComponents().getSchemas().get("Receipt").getProperties())
                .containsKeys("uniqueReceiptId", "items", "paymentMethods", "email", "contactId");
        assertThat(api.getComponents().getSchemas().get("Receipt").getExamples()).isNotEmpty();
        assertThat(answerSchema(api, "POST /api/v1/receipts", "202")).isEqualTo("#/components/schemas/AcceptedReceipt");
        assertThat(answerSchema(api, "POST /api/v1/contacts/identify", "201"))
                .isEqualTo("#/components/schemas/IdentifyResult");
        assertThat(answerSchema(api, "GET /api/v1/me/purchases", "200")).isEqualTo("#/components/schemas/PurchaseHistory");
    }

    /** What My Pages and the till get for promotions is typed, with the assignment id to redeem, and an example. */
    @Test
    void describesThePromotionListsByTheirRecord() {
        OpenAPI api = parsed().getOpenAPI();

        assertThat(answerSchema(api, "GET /api/v1/me/promotions", "200")).isEqualTo("#/components/schemas/PromotionList");
        assertThat(answerSchema(api, "GET /api/v1/contacts/{contactId}/promotions", "200"))
                .isEqualTo("#/components/schemas/PromotionList");
        assertThat(api.getComponents().getSchemas().get("PromotionList").getProperties())
                .containsKeys("contactId", "channel", "items", "stale", "fetchedAt", "ageSeconds");
        assertThat(api.getComponents().getSchemas().get("PromotionAssignment").getProperties())
                .containsKeys("id", "promotionId", "name", "expiresOn", "redemptionChannels");
        assertThat(api.getComponents().getSchemas().get("RedemptionChannel").getProperties())
                .containsKeys("type", "valueType", "value", "instruction");
        assertThat(api.getComponents().getSchemas().get("PromotionList").getExamples()).isNotEmpty();
        assertThat(api.getComponents().getSchemas().get("PromotionAssignment").getExamples()).isNotEmpty();
    }

    @Test
    void answersAReceiptWith202() {
        Map<String, Operation> operations = operations(parsed().getOpenAPI());

        assertThat(operations.get("POST /api/v1/receipts").getResponses()).containsKey("202").doesNotContainKey("200");
    }
}

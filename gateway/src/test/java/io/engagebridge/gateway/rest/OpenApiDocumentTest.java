package io.engagebridge.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.engagebridge.gateway.JwtKeysResource;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * The gateway's API document, as served at /q/openapi, is the public contract: valid OpenAPI, every reference
 * resolved, the bearer scheme defined, typed bodies, and every error answer a problem+json. (That it lists every
 * status the tests see is OpenApiStatusesIT.)
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(value = EngageWireMockResource.class, initArgs = @ResourceArg(name = "property", value = "services.base-url"))
class OpenApiDocumentTest {

    private static final List<String> PROBLEM = List.of("application/problem+json");

    private SwaggerParseResult parsed() {
        String document = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract()
                .asString();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(document, null, options);
    }

    @Test
    void isValidOpenApiWithEveryReferenceResolved() {
        SwaggerParseResult result = parsed();

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
    }

    @Test
    void isBrowsableInSwaggerUiOnTheApiPort() {
        given().get("/q/swagger-ui/").then().statusCode(200).contentType(containsString("text/html"));
    }

    @Test
    void definesTheBearerSchemeEveryRouteNames() {
        OpenAPI api = parsed().getOpenAPI();
        SecurityScheme jwt = api.getComponents().getSecuritySchemes().get("jwt");

        assertThat(jwt.getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(jwt.getScheme()).isEqualTo("bearer");
        operations(api).forEach((name, operation) -> {
            if (!name.equals("GET /api/v1/ping")) {
                assertThat(operation.getSecurity()).as(name).isNotEmpty()
                        .allSatisfy(requirement -> assertThat(requirement).containsOnlyKeys("jwt"));
            }
        });
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

    @Test
    void answersAReceiptWith202AndEveryErrorAsAProblem() {
        OpenAPI api = parsed().getOpenAPI();
        Map<String, Operation> operations = operations(api);

        assertThat(operations.get("POST /api/v1/receipts").getResponses()).containsKey("202").doesNotContainKey("200");
        operations.forEach((name, operation) -> operation.getResponses().forEach((status, answer) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                assertThat(mediaTypes(api, answer)).as(name + " " + status).isEqualTo(PROBLEM);
            }
        }));
    }

    private static List<String> mediaTypes(OpenAPI api, ApiResponse answer) {
        ApiResponse resolved = answer.get$ref() == null ? answer
                : api.getComponents().getResponses().get(answer.get$ref().substring(answer.get$ref().lastIndexOf('/') + 1));
        return resolved.getContent() == null ? List.of() : List.copyOf(resolved.getContent().keySet());
    }

    private static String answerSchema(OpenAPI api, String operation, String status) {
        return operations(api).get(operation).getResponses().get(status).getContent().get("application/json").getSchema()
                .get$ref();
    }

    private static String bodySchema(OpenAPI api, String operation) {
        return operations(api).get(operation).getRequestBody().getContent().get("application/json").getSchema().get$ref();
    }

    /** Every operation of the document by "METHOD path" (but the tests' own resource). */
    static Map<String, Operation> operations(OpenAPI api) {
        Map<String, Operation> all = new TreeMap<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            if (!path.startsWith(UnannotatedResource.PATH)) {
                all.put(method + " " + path, operation);
            }
        }));
        return all;
    }
}

package io.engagebridge.testsupport.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.engagebridge.web.openapi.CommonAnswers;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * An app's API document, as served at {@code /q/openapi}: valid OpenAPI with every reference resolved, the bearer
 * scheme {@code jwt} named by every route that needs a token, every error answer a problem+json (but the few Vert.x
 * answers itself, bare), and on every route the answers every route shares (web-common's {@code CommonAnswers}). An
 * app's {@code OpenApiDocumentTest} extends this with its test resources and adds what its own routes answer (their
 * typed bodies). That the document lists every status the tests see is {@link DocumentedStatusesCheck}.
 */
public abstract class OpenApiDocumentChecks {

    private static final List<String> PROBLEM = List.of("application/problem+json");
    private static final Set<String> EVERY_ROUTE = Set.of("400", "405", "406", "411", "413", "414", "431", "500");

    /** Statuses Vert.x answers itself, with no body: web-common's {@code CommonAnswers.BARE}. */
    protected Set<String> bareStatuses() {
        return CommonAnswers.BARE;
    }

    /** Operations ("GET /api/v1/ping") anyone may call, without a token. */
    protected Set<String> publicOperations() {
        return Set.of();
    }

    /** Whether an operation of the served document is the app's (not a test-only resource). */
    protected boolean isTheApps(String operation) {
        return true;
    }

    protected SwaggerParseResult parsed() {
        String document = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract()
                .asString();
        return OpenApiDocuments.parse(document);
    }

    /** The app's operations by "METHOD path". */
    protected Map<String, Operation> operations(OpenAPI api) {
        Map<String, Operation> operations = new TreeMap<>(OpenApiDocuments.operations(api));
        operations.keySet().removeIf(name -> !isTheApps(name));
        return operations;
    }

    /** The schema reference of an operation's JSON answer with {@code status} ("#/components/schemas/PromotionList"). */
    protected String answerSchema(OpenAPI api, String operation, String status) {
        return operations(api).get(operation).getResponses().get(status).getContent().get("application/json").getSchema()
                .get$ref();
    }

    /** The schema reference of an operation's JSON request body. */
    protected String bodySchema(OpenAPI api, String operation) {
        return operations(api).get(operation).getRequestBody().getContent().get("application/json").getSchema().get$ref();
    }

    @Test
    void isValidOpenApiWithEveryReferenceResolved() {
        SwaggerParseResult result = parsed();

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(operations(result.getOpenAPI())).isNotEmpty();
    }

    @Test
    void definesTheBearerSchemeEveryRouteNames() {
        OpenAPI api = parsed().getOpenAPI();
        SecurityScheme jwt = api.getComponents().getSecuritySchemes().get("jwt");

        assertThat(jwt.getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(jwt.getScheme()).isEqualTo("bearer");
        assertThat(jwt.getDescription()).isNotBlank();
        operations(api).forEach((name, operation) -> {
            List<SecurityRequirement> security = operation.getSecurity() != null ? operation.getSecurity()
                    : api.getSecurity();
            if (publicOperations().contains(name)) {
                assertThat(security).as(name).isNullOrEmpty();
            } else {
                assertThat(security).as(name).isNotEmpty()
                        .allSatisfy(requirement -> assertThat(requirement).containsOnlyKeys("jwt"));
            }
        });
    }

    @Test
    void everyErrorIsAProblemButTheBareOnesVertxAnswers() {
        OpenAPI api = parsed().getOpenAPI();

        assertThat(bareStatuses()).isNotEmpty();
        operations(api).forEach((name, operation) -> operation.getResponses().forEach((status, answer) -> {
            if (bareStatuses().contains(status)) {
                assertThat(OpenApiDocuments.mediaTypes(api, answer)).as(name + " " + status + " (bare)").isEmpty();
            } else if (status.startsWith("4") || status.startsWith("5")) {
                assertThat(OpenApiDocuments.mediaTypes(api, answer)).as(name + " " + status).isEqualTo(PROBLEM);
            }
            assertThat(OpenApiDocuments.resolved(api, answer).getDescription()).as(name + " " + status).isNotBlank();
        }));
    }

    @Test
    void everyRouteListsTheAnswersEveryRouteShares() {
        OpenAPI api = parsed().getOpenAPI();

        operations(api).forEach((name, operation) -> {
            assertThat(operation.getResponses()).as(name).containsKeys(EVERY_ROUTE.toArray(String[]::new));
            if (operation.getRequestBody() != null) {
                assertThat(operation.getResponses()).as(name + ", which reads a body").containsKey("415");
            }
            if (!publicOperations().contains(name)) {
                assertThat(operation.getResponses()).as(name + ", which needs a token").containsKeys("401", "403");
            }
        });
    }
}

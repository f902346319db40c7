package io.engagebridge.testsupport.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.swagger.v3.oas.models.OpenAPI;

/**
 * A service's API document ({@link OpenApiDocumentChecks}), which also describes the outbox's ops routes every service
 * has (infra/outbox's OutboxResource): typed figures and DEAD messages, re-drive's 204, 404 and 409. A service's
 * {@code OpenApiDocumentTest} extends this with its test resources and adds its own routes.
 */
public abstract class ServiceDocumentChecks extends OpenApiDocumentChecks {

    @Test
    void describesTheOutboxOpsRoutes() {
        OpenAPI api = parsed().getOpenAPI();

        assertThat(answerSchema(api, "GET /ops/outbox", "200")).isEqualTo("#/components/schemas/OutboxFigures");
        assertThat(operations(api).get("GET /ops/outbox/dead").getResponses().get("200").getContent()
                .get("application/json").getSchema().getItems().get$ref()).isEqualTo("#/components/schemas/DeadMessage");
        assertThat(operations(api).get("POST /ops/outbox/dead/{id}/redrive").getResponses())
                .containsKeys("204", "404", "409");
    }
}

package io.engagebridge.testsupport.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.swagger.v3.oas.models.OpenAPI;

/**
 * A service's API document ({@link OpenApiDocumentChecks}). The outbox's ops routes are not in it: they are served on
 * the management port (infra/outbox-ops), which the API document does not describe, and the API port answers 404
 * there. A service's {@code OpenApiDocumentTest} extends this with its test resources and adds its own routes.
 */
public abstract class ServiceDocumentChecks extends OpenApiDocumentChecks {

    @Test
    void listsNoOpsRouteOfTheManagementPort() {
        OpenAPI api = parsed().getOpenAPI();

        assertThat(api.getPaths().keySet()).isNotEmpty().noneMatch(path -> path.startsWith("/ops"));
    }
}

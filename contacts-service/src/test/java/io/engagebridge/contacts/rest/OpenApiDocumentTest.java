package io.engagebridge.contacts.rest;

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
 * contacts-service's API document, as served at /q/openapi: valid OpenAPI, every reference resolved, the service token as
 * the bearer scheme of every route, every error a problem+json but the bare ones (test-support's ServiceDocumentChecks),
 * and typed bodies. (That it lists every status the tests see is OpenApiStatusesIT.)
 */
@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "contacts_test"))
@WithTestResource(ServiceKeysResource.class)
class OpenApiDocumentTest extends ServiceDocumentChecks {


    /** The same records the gateway documents: what identify, a read and a change take and answer. */
    @Test
    void describesEachBodyAndAnswerByItsRecord() {
        OpenAPI api = parsed().getOpenAPI();

        assertThat(bodySchema(api, "POST /contacts/identify")).isEqualTo("#/components/schemas/IdentifyRequest");
        for (String status : new String[] { "200", "201", "202" }) {
            assertThat(answerSchema(api, "POST /contacts/identify", status)).isEqualTo("#/components/schemas/IdentifyResult");
        }
        assertThat(answerSchema(api, "GET /contacts/{contactId}", "200")).isEqualTo("#/components/schemas/Contact");
        assertThat(bodySchema(api, "PATCH /contacts/{contactId}")).isEqualTo("#/components/schemas/ContactChange");
        assertThat(answerSchema(api, "PATCH /contacts/{contactId}", "202")).isEqualTo("#/components/schemas/ChangeResult");
        assertThat(answerSchema(api, "POST /contacts/{contactId}/upgrade", "200"))
                .isEqualTo("#/components/schemas/ChangeResult");
    }
}

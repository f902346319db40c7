package io.engagebridge.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.engagebridge.gateway.JwtKeysResource;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** transactions-service not listening at all (connection refused): the receipt route answers 503 at once. */
@QuarkusTest
@TestProfile(ReceiptRouteRefusedTest.NothingListens.class)
@WithTestResource(JwtKeysResource.class)
@WithTestResource(value = EngageWireMockResource.class, initArgs = @ResourceArg(name = "property", value = "services.base-url"))
class ReceiptRouteRefusedTest {

    /** transactions-service's URL on a port nothing listens on (taken from the system, then let go). */
    public static class NothingListens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return Map.of("quarkus.rest-client.transactions.url", "http://127.0.0.1:" + socket.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void aServiceNotListeningIs503WithRetryAfter() {
        given().auth().oauth2(JwtKeysResource.token("pos", null)).contentType("application/json")
                .header("X-Request-Id", "refused-1").body("{}").post("/api/v1/receipts").then().statusCode(503)
                .header("Retry-After", "30").header("X-Request-Id", "refused-1")
                .contentType("application/problem+json")
                .body("detail", equalTo("transactions-service did not answer")).body("requestId", equalTo("refused-1"));
    }
}

package io.engagebridge.transactions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.engagebridge.testsupport.DefaultCallerToken;
import io.engagebridge.testsupport.ServiceKeysResource;
import io.engagebridge.transactions.rest.ReceiptsTest;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A replica that cannot reach its database is taken out of service (readiness DOWN) but not restarted (liveness UP):
 * restarting would not bring the database back. A till that still reaches it is told to send again later (503).
 */
@QuarkusTest
@TestProfile(ReadinessWithoutDatabaseTest.NoDatabase.class)
@WithTestResource(value = ServiceKeysResource.class, initArgs = @ResourceArg(name = "signer", value = "transactions-service"))
class ReadinessWithoutDatabaseTest {

    /** The database URLs name a port nothing listens on; nothing is migrated at start. */
    public static class NoDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:1/transactions",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/transactions",
                    "quarkus.flyway.migrate-at-start", "false");
        }
    }

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void aReceiptPostedWhileTheDatabaseIsUnreachableIs503WithRetryAfterNot500() {
        given().filter(new DefaultCallerToken("transactions-service")).contentType(ContentType.JSON)
                .body(ReceiptsTest.byAnn("NODB-1")).post("/receipts")
                .then().statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", notNullValue())
                .body("detail", containsString("database"));
    }

    @Test
    void readinessIsDownAndLivenessUpWhileTheDatabaseIsUnreachable() {
        given().get(management + "health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Reactive PostgreSQL connections health check' }.status", equalTo("DOWN"))
                .body("checks.name", hasItem("Graceful Shutdown"));
        given().get(management + "health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}

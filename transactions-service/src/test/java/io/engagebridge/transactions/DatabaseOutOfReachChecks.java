package io.engagebridge.transactions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.engagebridge.testsupport.DefaultCallerToken;
import io.engagebridge.transactions.rest.ReceiptsTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.http.ContentType;

/**
 * What a replica does while its database is out of reach, however it is (a subclass's test profile names where the
 * database is said to be): it is taken out of service (readiness DOWN) but not restarted (liveness UP), since restarting
 * would not bring the database back, and a till that still reaches it is told to send the receipt again later (503 with
 * Retry-After, web-common's problem), never a 500.
 */
abstract class DatabaseOutOfReachChecks {

    /** A test profile's settings: the service's databases at {@code hostAndPort}, nothing migrated at start. */
    static Map<String, String> databaseAt(String hostAndPort) {
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://" + hostAndPort + "/transactions",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostAndPort + "/transactions",
                "quarkus.flyway.migrate-at-start", "false");
    }

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void aReceiptPostedWhileTheDatabaseIsOutOfReachIs503WithRetryAfterNot500() {
        given().filter(new DefaultCallerToken("transactions-service")).contentType(ContentType.JSON)
                .body(ReceiptsTest.byAnn("NODB-" + getClass().getSimpleName())).post("/receipts")
                .then().statusCode(503)
                .contentType(startsWith("application/problem+json"))
                // web-common's answer for a database out of reach, not the write timeout's (Retry-After 1)
                .header("Retry-After", equalTo("5"))
                .body("detail", containsString("cannot reach its database"));
    }

    @Test
    void readinessIsDownAndLivenessUpWhileTheDatabaseIsOutOfReach() {
        given().get(management + "health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Reactive PostgreSQL connections health check' }.status", equalTo("DOWN"))
                .body("checks.name", hasItem("Graceful Shutdown"));
        given().get(management + "health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}

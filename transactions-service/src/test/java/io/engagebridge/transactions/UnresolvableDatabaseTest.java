package io.engagebridge.transactions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
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
 * The database's host name does not resolve (a cluster's DNS or the database's Service away): an outage as a refused
 * connection is (ReadinessWithoutDatabaseTest), so a till is told to send the receipt again (503), not given a 500.
 */
@QuarkusTest
@TestProfile(UnresolvableDatabaseTest.NoSuchHost.class)
@WithTestResource(value = ServiceKeysResource.class, initArgs = @ResourceArg(name = "signer", value = "transactions-service"))
class UnresolvableDatabaseTest {

    /** The database URLs name a host in the reserved .invalid domain, which never resolves (RFC 2606). */
    public static class NoSuchHost implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://database.engage-bridge.invalid:5432/transactions",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://database.engage-bridge.invalid:5432/transactions",
                    "quarkus.flyway.migrate-at-start", "false");
        }
    }

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void aReceiptPostedWhileTheDatabaseHostDoesNotResolveIs503WithRetryAfter() {
        given().filter(new DefaultCallerToken("transactions-service")).contentType(ContentType.JSON)
                .body(ReceiptsTest.byAnn("NODNS-1")).post("/receipts")
                .then().statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", notNullValue())
                .body("detail", containsString("database"));
    }

    @Test
    void readinessIsDownWhileTheDatabaseHostDoesNotResolve() {
        given().get(management + "health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        given().get(management + "health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}

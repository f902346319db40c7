package io.engagebridge.outbox.ops;

import static io.engagebridge.testsupport.ServiceKeys.GATEWAY;
import static io.engagebridge.testsupport.ServiceKeys.OPERATOR;
import static io.engagebridge.testsupport.ServiceKeys.TRANSACTIONS;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.engagebridge.testsupport.PostgresTestResource;
import io.engagebridge.testsupport.ServiceKeys;
import io.engagebridge.testsupport.ServiceKeysResource;
import io.engagebridge.testsupport.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The outbox's ops endpoints over real HTTP on the management port: the answers (figures, the DEAD list, re-drive:
 * 204, 404, 409) and who gets them (figures: the gateway and operators; DEAD messages and re-drive: operators only;
 * every refusal problem+json), the tokens checked as on a service's API port. Health stays open.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "outbox_ops_test"))
@WithTestResource(ServiceKeysResource.class)
class OutboxOpsRoutesTest {

    private static final ServiceKeys KEYS = ServiceKeys.shared();
    private static final String AUDIENCE = "outbox-ops-test";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Inject
    Pool pool;

    @BeforeEach
    void noMessages() {
        TestDatabase.clean(pool);
    }

    private String at(String path) {
        return URI.create(management.toString()).resolve(path).toString();
    }

    private static RequestSpecification as(String caller) {
        return given().auth().oauth2(KEYS.token(caller, AUDIENCE));
    }

    private static ValidatableResponse refused(ValidatableResponse answer) {
        return answer.statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer")
                .body("title", equalTo("Unauthorized"));
    }

    private static ValidatableResponse forbidden(ValidatableResponse answer) {
        return answer.statusCode(403).contentType("application/problem+json").body("title", equalTo("Forbidden"));
    }

    private long message(String key, String status, String lastError) {
        return pool.preparedQuery("insert into outbox_message (kind, message_key, payload, status, last_error)"
                + " values ('test.send', $1, '{\"email\":\"ann@example.com\"}', $2, $3) returning id")
                .execute(Tuple.of(key, status, lastError)).await().atMost(WAIT)
                .iterator().next().getLong(0);
    }

    @Test
    void theFiguresAreForTheGatewayAndOperators() {
        message("k1", "PENDING", null);
        message("k2", "DEAD", "Rejected: 422 Invalid");

        for (String caller : new String[] { GATEWAY, OPERATOR }) {
            as(caller).get(at("/ops/outbox")).then().statusCode(200).contentType("application/json")
                    .body("pending", equalTo(1)).body("dead", equalTo(1)).body("done", equalTo(0))
                    .body("engage.reachable", equalTo(true));
        }
        forbidden(as(TRANSACTIONS).get(at("/ops/outbox")).then());
        refused(given().get(at("/ops/outbox")).then());
        refused(given().header("Authorization", "Bearer not-a-token").get(at("/ops/outbox")).then());
    }

    @Test
    void deadMessagesAreForOperatorsOnly() {
        message("k1", "DEAD", "Rejected: 422 Invalid");
        message("k2", "DEAD", "Rejected: 400 Bad");

        refused(given().get(at("/ops/outbox/dead")).then());
        forbidden(as(GATEWAY).get(at("/ops/outbox/dead")).then());
        forbidden(as(TRANSACTIONS).get(at("/ops/outbox/dead")).then());
        as(OPERATOR).get(at("/ops/outbox/dead")).then().statusCode(200).contentType("application/json")
                .body("$", hasSize(2)).body("[0].key", equalTo("k2")).body("[0].lastError", equalTo("Rejected: 400 Bad"))
                .body("[1].payload", equalTo("{\"email\": \"ann@example.com\"}"));
        as(OPERATOR).get(at("/ops/outbox/dead?limit=1")).then().statusCode(200).body("$", hasSize(1));
        as(OPERATOR).get(at("/ops/outbox/dead?limit=many")).then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aDeadMessageIsRedrivenByAnOperatorOnly() {
        long dead = message("k1", "DEAD", "Rejected: 422 Invalid");
        String redrive = at("/ops/outbox/dead/" + dead + "/redrive");

        refused(given().post(redrive).then());
        forbidden(as(GATEWAY).post(redrive).then());
        forbidden(as(TRANSACTIONS).post(redrive).then());
        as(OPERATOR).post(redrive).then().statusCode(204);
        as(OPERATOR).post(redrive).then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("No DEAD outbox message " + dead));
        as(OPERATOR).post(at("/ops/outbox/dead/abc/redrive")).then().statusCode(404)
                .contentType("application/problem+json");
        as(OPERATOR).get(at("/ops/outbox")).then().body("pending", equalTo(1)).body("dead", equalTo(0));
    }

    @Test
    void aDeadMessageIsNotRedrivenOverANewerOneOfTheSameKey() {
        long dead = message("contact:c1", "DEAD", "Rejected: 422 Invalid");
        message("contact:c1", "PENDING", null);

        as(OPERATOR).post(at("/ops/outbox/dead/" + dead + "/redrive")).then().statusCode(409)
                .contentType("application/problem+json").body("title", equalTo("Superseded"));
        as(OPERATOR).get(at("/ops/outbox")).then().body("dead", equalTo(1)).body("pending", equalTo(1));
    }

    /** The same verification as the API port's: smallrye-jwt with this app's settings, and service-auth's SignerGroups. */
    @Test
    void aTokenTheApiPortWouldRefuseIsRefusedHereToo() {
        Instant now = Instant.now();
        String dead = at("/ops/outbox/dead");
        refused(given().auth().oauth2(KEYS.token(OPERATOR, "another-service")).get(dead).then());
        refused(given().auth().oauth2(KEYS.token(OPERATOR, AUDIENCE,
                claims -> claims.issuedAt(now.minusSeconds(900)).expiresAt(now.minusSeconds(600)))).get(dead).then());
        refused(given().auth().oauth2(KEYS.token(OPERATOR, AUDIENCE,
                claims -> claims.issuedAt(now).expiresAt(now.plusSeconds(3601)))).get(dead).then());
        refused(given().auth().oauth2(KEYS.token(OPERATOR, AUDIENCE,
                claims -> claims.issuer("https://elsewhere.example"))).get(dead).then());
        refused(given().auth().oauth2(KEYS.forgedToken(OPERATOR, AUDIENCE)).get(dead).then());
        refused(given().auth().oauth2(KEYS.tokenOfAnUnknownKey(OPERATOR, AUDIENCE)).get(dead).then());
        refused(given().auth().oauth2(KEYS.token(TRANSACTIONS, AUDIENCE, claims -> claims.groups(OPERATOR)))
                .get(dead).then());
        refused(given().auth().oauth2(KEYS.token(GATEWAY, AUDIENCE, claims -> claims.groups(OPERATOR)))
                .get(dead).then());
    }

    @Test
    void answersCarryTheRequestId() {
        refused(given().header("X-Request-Id", "ops-7").get(at("/ops/outbox/dead")).then()).header("X-Request-Id", "ops-7")
                .body("requestId", equalTo("ops-7"));
        as(OPERATOR).get(at("/ops/outbox")).then().statusCode(200)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void healthStaysOpenOnTheManagementPort() {
        given().get(at("/q/health/ready")).then().statusCode(200);
        given().header("Authorization", "Bearer not-a-token").get(at("/q/health/live")).then().statusCode(200);
    }

    @Test
    void theApiPortDoesNotServeThem() {
        String token = KEYS.token(OPERATOR, AUDIENCE);
        given().auth().oauth2(token).get("/ops/outbox").then().statusCode(404);
        given().auth().oauth2(token).get("/ops/outbox/dead").then().statusCode(404);
        given().auth().oauth2(token).post("/ops/outbox/dead/1/redrive").then().statusCode(404);
    }
}

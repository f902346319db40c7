package io.engagebridge.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.engagebridge.testsupport.ServiceKeys.GATEWAY;
import static io.engagebridge.testsupport.ServiceKeys.OPERATOR;
import static io.engagebridge.testsupport.ServiceKeys.TRANSACTIONS;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Who may call a service, over HTTP: a call needs a valid service token for this service (signed by a known caller's
 * key, this issuer, not expired, short-lived, carrying only its signer's group), and the caller must be one the
 * service's configuration allows on that endpoint. The outbox's ops endpoints are the same on every service, on its
 * management port (infra/outbox-ops), where health and metrics stay open. A service's test class extends this with
 * the test resources its other tests use, and adds its own endpoints' rules.
 */
public abstract class CallerChecks extends ServiceTestBase {

    protected static final ServiceKeys KEYS = ServiceKeys.shared();

    /** A call the gateway makes to this service, answered 2xx here (stubbing Engage first if it must). */
    protected abstract ValidatableResponse gatewayCall(RequestSpecification request);

    /** A request carrying this token (and no other). */
    protected static RequestSpecification as(String token) {
        return withoutDefaultToken().auth().oauth2(token);
    }

    protected static ValidatableResponse refused(ValidatableResponse answer) {
        return answer.statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
    }

    protected static ValidatableResponse forbidden(ValidatableResponse answer) {
        return answer.statusCode(403).contentType("application/problem+json");
    }

    @Test
    void theGatewaysCallIsAnswered() {
        gatewayCall(as(KEYS.token(GATEWAY, audience()))).statusCode(allOf(greaterThanOrEqualTo(200), lessThan(300)));
    }

    @Test
    void aCallWithoutATokenIsRefusedBeforeAnythingIsDone() {
        refused(gatewayCall(withoutDefaultToken()));
        refused(gatewayCall(withoutDefaultToken().header("Authorization", "Bearer not-a-token")));
        engage.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aTokenForAnotherServiceIsRefused() {
        refused(gatewayCall(as(KEYS.token(GATEWAY, "another-service"))));
        engage.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anExpiredTokenIsRefused() {
        Instant now = Instant.now();
        refused(gatewayCall(as(KEYS.token(GATEWAY, audience(),
                claims -> claims.issuedAt(now.minusSeconds(900)).expiresAt(now.minusSeconds(600))))));
        engage.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aTokenSignedByAKeyThisServiceDoesNotKnowIsRefused() {
        refused(gatewayCall(as(KEYS.forgedToken(GATEWAY, audience()))));
        refused(gatewayCall(as(KEYS.tokenOfAnUnknownKey(GATEWAY, audience()))));
        engage.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() {
        refused(gatewayCall(as(KEYS.token(GATEWAY, audience(), claims -> claims.issuer("https://elsewhere.example")))));
    }

    @Test
    void aTokenLivingLongerThanAnHourIsRefused() {
        Instant now = Instant.now();
        refused(gatewayCall(as(KEYS.token(GATEWAY, audience(),
                claims -> claims.issuedAt(now).expiresAt(now.plusSeconds(3601))))));
    }

    @Test
    void aTokenClaimingAGroupItsKeyDoesNotGiveIsRefused() {
        refused(gatewayCall(as(KEYS.token(TRANSACTIONS, audience(), claims -> claims.groups(GATEWAY)))));
        refused(gatewayCall(as(KEYS.token(OPERATOR, audience(), claims -> claims.groups(GATEWAY)))));
        engage.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void outboxFiguresAreForOperatorsAndTheGatewaysOpsViewOnTheManagementPort() {
        String figures = onManagementPort("/ops/outbox");
        as(KEYS.token(OPERATOR, audience())).get(figures).then().statusCode(200).contentType("application/json")
                .body("dead", notNullValue()).body("engage.reachable", notNullValue());
        as(KEYS.token(GATEWAY, audience())).get(figures).then().statusCode(200);
        forbidden(as(KEYS.token(TRANSACTIONS, audience())).get(figures).then());
        refused(withoutDefaultToken().get(figures).then());
        refused(withoutDefaultToken().header("Authorization", "Bearer not-a-token").get(figures).then());
    }

    @Test
    void deadMessagesAndTheirRedriveAreForOperatorsOnlyOnTheManagementPort() {
        String dead = onManagementPort("/ops/outbox/dead");
        String redrive = onManagementPort("/ops/outbox/dead/424242/redrive");
        as(KEYS.token(OPERATOR, audience())).get(dead).then().statusCode(200).contentType("application/json");
        as(KEYS.token(OPERATOR, audience())).post(redrive).then().statusCode(404).contentType("application/problem+json");
        for (String caller : new String[] { GATEWAY, TRANSACTIONS }) {
            forbidden(as(KEYS.token(caller, audience())).get(dead).then());
            forbidden(as(KEYS.token(caller, audience())).post(redrive).then());
        }
        refused(withoutDefaultToken().get(dead).then());
        refused(withoutDefaultToken().post(redrive).then());
    }

    /** The management port checks tokens with the API port's own rules: no weaker door to the DEAD messages. */
    @Test
    void theManagementPortRefusesWhatTheApiPortRefuses() {
        String dead = onManagementPort("/ops/outbox/dead");
        Instant now = Instant.now();
        refused(as(KEYS.token(OPERATOR, "another-service")).get(dead).then());
        refused(as(KEYS.token(OPERATOR, audience(),
                claims -> claims.issuedAt(now.minusSeconds(900)).expiresAt(now.minusSeconds(600)))).get(dead).then());
        refused(as(KEYS.token(OPERATOR, audience(), claims -> claims.issuedAt(now).expiresAt(now.plusSeconds(3601))))
                .get(dead).then());
        refused(as(KEYS.forgedToken(OPERATOR, audience())).get(dead).then());
        refused(as(KEYS.token(GATEWAY, audience(), claims -> claims.groups(OPERATOR))).get(dead).then());
        refused(as(KEYS.token(TRANSACTIONS, audience(), claims -> claims.groups(OPERATOR))).get(dead).then());
    }

    @Test
    void theApiPortServesNoOutboxOps() {
        String operator = KEYS.token(OPERATOR, audience());
        as(operator).get("/ops/outbox").then().statusCode(404);
        as(operator).get("/ops/outbox/dead").then().statusCode(404);
        as(operator).post("/ops/outbox/dead/424242/redrive").then().statusCode(404);
    }

    /** Probes and Prometheus carry no token. */
    @Test
    void healthAndMetricsStayOpenBesideTheOutboxOps() {
        withoutDefaultToken().get(onManagementPort("/q/health/ready")).then().statusCode(200);
        withoutDefaultToken().get(onManagementPort("/q/metrics")).then().statusCode(200);
        withoutDefaultToken().header("Authorization", "Bearer not-a-token").get(onManagementPort("/q/health/live"))
                .then().statusCode(200);
    }
}

package io.engagebridge.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.engagebridge.testsupport.ServiceKeys.GATEWAY;
import static io.engagebridge.testsupport.ServiceKeys.OPERATOR;
import static io.engagebridge.testsupport.ServiceKeys.TRANSACTIONS;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Who may call a service, over HTTP: a call needs a valid service token for this service (signed by a known caller's
 * key, this issuer, not expired, short-lived, carrying only its signer's group), and the caller must be one the
 * service's configuration allows on that endpoint. The outbox's ops endpoints are the same on every service. A
 * service's test class extends this with the test resources its other tests use, and adds its own endpoints' rules.
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
    void outboxFiguresAreForOperatorsAndTheGatewaysOpsView() {
        as(KEYS.token(OPERATOR, audience())).get("/ops/outbox").then().statusCode(200);
        as(KEYS.token(GATEWAY, audience())).get("/ops/outbox").then().statusCode(200);
        forbidden(as(KEYS.token(TRANSACTIONS, audience())).get("/ops/outbox").then());
        refused(withoutDefaultToken().get("/ops/outbox").then());
    }

    @Test
    void deadMessagesAndTheirRedriveAreForOperatorsOnly() {
        as(KEYS.token(OPERATOR, audience())).get("/ops/outbox/dead").then().statusCode(200);
        as(KEYS.token(OPERATOR, audience())).post("/ops/outbox/dead/424242/redrive").then().statusCode(404);
        for (String caller : new String[] { GATEWAY, TRANSACTIONS }) {
            forbidden(as(KEYS.token(caller, audience())).get("/ops/outbox/dead").then());
            forbidden(as(KEYS.token(caller, audience())).post("/ops/outbox/dead/424242/redrive").then());
        }
        refused(withoutDefaultToken().get("/ops/outbox/dead").then());
    }
}

package io.engagebridge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.engagebridge.testsupport.badinput.BadInput;
import io.engagebridge.testsupport.badinput.BadRequests;
import io.engagebridge.testsupport.badinput.RawHttp;
import io.engagebridge.testsupport.badinput.RawHttp.Answer;
import io.engagebridge.testsupport.badinput.Route;
import io.restassured.RestAssured;

/**
 * The malformed-request corpus ({@link BadInput}) against a service's routes, as the gateway would pass them on: each
 * answered 4xx problem+json within a second, with nothing stored in the service's tables, nothing queued in its
 * outbox and no request to Engage (WireMock's journal). A service's test class extends this with its test resources
 * and names its routes, each with the gateway's good token.
 */
public abstract class BadInputChecks extends ServiceTestBase {

    protected static final ServiceKeys KEYS = ServiceKeys.shared();

    /** Statuses that mean the good request itself was refused (its token, its shape), not answered. */
    private static final Set<Integer> REFUSALS = Set.of(400, 401, 403, 405, 413, 415);

    /** The service's routes, each with its good request ({@link #gatewayToken()}). */
    protected abstract List<Route> routes();

    @TestFactory
    Stream<DynamicNode> everyMalformedRequestIsRefusedQuicklyWithNothingStoredQueuedOrSent() {
        return BadInput.tests(RestAssured.port, maxBodyBytes(), routes(), engage::resetRequests,
                (bad, answer) -> nothingStoredQueuedOrSent(bad.name()));
    }

    /** The corpus means something only if each route's good request is not refused: each case breaks one thing of it. */
    @Test
    void theGoodRequestOfEveryRouteIsNotRefused() {
        for (Route route : routes()) {
            Answer answer = RawHttp.send(RestAssured.port, BadRequests.goodRequest(route).bytes());
            assertThat(answer.status()).as("%s: %s", route.name(), answer).isNotIn(REFUSALS).isBetween(200, 599);
            TestDatabase.clean(pool, ownTables());
        }
    }

    /** {@code Bearer} and the gateway's token for this service, valid for the whole run (50 minutes). */
    protected static String gatewayToken() {
        return "Bearer " + KEYS.token(ServiceKeys.GATEWAY, audience(), claims -> claims.expiresIn(3000));
    }

    /** Tokens this service refuses on the gateway's routes (401), or a caller it does not allow there (403). */
    protected static Map<String, String> badTokens() {
        Instant now = Instant.now();
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("no token", null);
        bad.put("not a JWT", "Bearer not-a-token");
        bad.put("the token without Bearer", KEYS.token(ServiceKeys.GATEWAY, audience()));
        bad.put("Basic credentials", "Basic Z2F0ZXdheTpnYXRld2F5");
        bad.put("a token for another service", "Bearer " + KEYS.token(ServiceKeys.GATEWAY, "another-service"));
        bad.put("an expired token", "Bearer " + KEYS.token(ServiceKeys.GATEWAY, audience(),
                claims -> claims.issuedAt(now.minusSeconds(900)).expiresAt(now.minusSeconds(600))));
        bad.put("a token living over an hour", "Bearer " + KEYS.token(ServiceKeys.GATEWAY, audience(),
                claims -> claims.issuedAt(now).expiresAt(now.plusSeconds(7200))));
        bad.put("a forged token", "Bearer " + KEYS.forgedToken(ServiceKeys.GATEWAY, audience()));
        bad.put("a token of an unknown key", "Bearer " + KEYS.tokenOfAnUnknownKey(ServiceKeys.GATEWAY, audience()));
        bad.put("a token claiming the gateway's group with another key", "Bearer " + KEYS.token(ServiceKeys.OPERATOR,
                audience(), claims -> claims.groups(ServiceKeys.GATEWAY)));
        bad.put("an operator's token", "Bearer " + KEYS.token(ServiceKeys.OPERATOR, audience()));
        bad.put("12 000 characters", "Bearer " + "a".repeat(12_000));
        return bad;
    }

    private static int maxBodyBytes() {
        return ConfigProvider.getConfig().getValue("web.max-body-bytes", Integer.class);
    }
}

package io.engagebridge.gateway.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.engagebridge.gateway.Caches;
import io.engagebridge.gateway.JwtKeysResource;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.badinput.BadInput;
import io.engagebridge.testsupport.badinput.BadRequests;
import io.engagebridge.testsupport.badinput.RawHttp;
import io.engagebridge.testsupport.badinput.RawHttp.Answer;
import io.engagebridge.testsupport.badinput.Route;
import io.engagebridge.testsupport.badinput.Route.BodyChecks;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;

/**
 * The malformed-request corpus (test-support's BadInput) against every /api/v1 route, for what the gateway checks
 * itself: tokens, paths, query parameters, headers, body size and media type, JSON where it reads the body, and a
 * PATCH's shape (its change rules). Each is answered 4xx problem+json within a second and no service is called
 * (WireMock stands in for the three). What only a service checks (a receipt's fields, a key's form) is the services'
 * own corpus.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(value = EngageWireMockResource.class, initArgs = @ResourceArg(name = "property", value = "services.base-url"))
class BadInputTest extends GatewayTestBase {

    private static final String ASSIGNMENT = "a1b2c3d4-0000-4000-8000-000000000001";
    private static final String RECEIPT = """
            {"contactId":"ann-1","uniqueReceiptId":"R-1001","receiptNumber":"1001",
             "createdDate":"2026-11-26T10:14:00+01:00","storeExternalId":"S001","currency":"SEK","totalGrossPrice":200.00,
             "paymentMethods":[{"type":"card","value":200.00}],
             "items":[{"type":"PURCHASE","sku":"A1","quantity":1,"grossPaidPrice":200.00,"taxAmount":40.00,
                       "taxPercent":25,"articleNumber":"A1","articleName":"Shirt"}]}""";
    private static final String PATCH = "{\"attributes\":{\"firstName\":\"Ann\"},\"clear\":[\"lastName\"]}";
    /** Statuses that mean the good request itself was refused, not passed on. */
    private static final Set<Integer> REFUSALS = Set.of(400, 401, 403, 405, 411, 413, 415);

    @TestFactory
    Stream<DynamicNode> everyMalformedRequestIsRefusedQuicklyAndReachesNoService() {
        return BadInput.tests(RestAssured.port, maxBodyBytes(), routes(), services::resetRequests,
                (bad, answer) -> assertThat(services.getAllServeEvents()).as("calls to the services after %s", bad)
                        .isEmpty());
    }

    /** The corpus means something only if each route's good request is passed on: each case breaks one thing of it. */
    @Test
    void theGoodRequestOfEveryRouteReachesItsService() {
        servicesAnswerAsTheyDo();
        for (Route route : routes()) {
            services.resetRequests();
            Answer answer = RawHttp.send(RestAssured.port, BadRequests.goodRequest(route).bytes());
            assertThat(answer.status()).as("%s: %s", route.name(), answer).isNotIn(REFUSALS);
            assertThat(services.getAllServeEvents()).as("%s reaches a service", route.name()).isNotEmpty();
        }
    }

    /** The services refuse a body of unknown length (411): everything the gateway passes on carries its length. */
    @Test
    void whatTheGatewayPassesOnCarriesItsLength() {
        servicesAnswerAsTheyDo();
        services.resetRequests();
        for (Route route : routes()) {
            RawHttp.send(RestAssured.port, BadRequests.goodRequest(route).bytes());
        }
        List<LoggedRequest> withBodies = services.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getBody().length > 0).toList();
        assertThat(withBodies).as("requests with a body").hasSizeGreaterThanOrEqualTo(4);
        for (LoggedRequest request : withBodies) {
            assertThat(request.containsHeader("Transfer-Encoding")).as(request.getUrl()).isFalse();
            assertThat(request.getHeader("Content-Length")).as(request.getUrl())
                    .isEqualTo(String.valueOf(request.getBody().length));
        }
    }

    /**
     * The services answer a good request as they do, 2xx: WireMock's own 404 for a request it has no answer for is not
     * one a service gives, and the gateway would pass it on as the route's answer (which OpenApiStatusesIT reads).
     */
    private void servicesAnswerAsTheyDo() {
        services.stubFor(any(anyUrl()).willReturn(okJson("{}")));
        services.stubFor(post(urlPathEqualTo("/transactions-svc/receipts")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{}")));
    }

    /** Nothing of a good request's answer is left for the next test: no stub, nothing cached. */
    @AfterEach
    void forgetTheServicesAnswers() {
        services.resetMappings();
        Caches.empty(caches);
    }

    private List<Route> routes() {
        String pos = good("pos", null);
        String customer = good("customer", ANN);
        String ops = good("ops", null);
        Map<String, String> badPos = badTokens("pos", null);
        Map<String, String> badCustomer = badTokens("customer", ANN);
        Map<String, String> badOps = badTokens("ops", null);
        List<String> ids = BadRequests.badIds(64);
        return List.of(
                Route.of("GET", "/api/v1/me/profile").authorization(customer, badCustomer, 401, 403),
                Route.of("PATCH", "/api/v1/me/profile").body(PATCH, BodyChecks.FULL).freeForm("/attributes")
                        .contentRefusals(400, 403).authorization(customer, badCustomer, 401, 403),
                Route.of("GET", "/api/v1/me/purchases")
                        .query("offset", "0", BadRequests.badNumbers("100001"), false)
                        .query("count", "20", BadRequests.badNumbers("0", "101"), false)
                        .authorization(customer, badCustomer, 401, 403),
                Route.of("GET", "/api/v1/me/promotions").query("channel", "ECOM", BadRequests.badChannels(), false)
                        .authorization(customer, badCustomer, 401, 403),
                Route.of("POST", "/api/v1/contacts/identify").body("{\"email\":\"ann@example.com\"}", BodyChecks.SYNTAX)
                        .authorization(pos, badPos, 401, 403),
                Route.of("GET", "/api/v1/contacts/{contactId}").path("contactId", ANN, ids)
                        .authorization(pos, badPos, 401, 403),
                Route.of("PATCH", "/api/v1/contacts/{contactId}").path("contactId", ANN, ids)
                        .body(PATCH, BodyChecks.FULL).freeForm("/attributes").contentRefusals(400, 403)
                        .authorization(pos, badPos, 401, 403),
                Route.of("POST", "/api/v1/contacts/{contactId}/upgrade").path("contactId", ANN, ids)
                        .authorization(pos, badPos, 401, 403),
                Route.of("GET", "/api/v1/contacts/{contactId}/promotions").path("contactId", ANN, ids)
                        .query("channel", "POS", BadRequests.badChannels(), false)
                        .authorization(pos, badPos, 401, 403),
                Route.of("POST", "/api/v1/receipts").body(RECEIPT, BodyChecks.NONE).authorization(pos, badPos, 401, 403),
                Route.of("GET", "/api/v1/receipts/{uniqueReceiptId}")
                        .path("uniqueReceiptId", "R-1001", BadRequests.badIds(100)).authorization(pos, badPos, 401, 403),
                Route.of("POST", "/api/v1/promotions/{assignmentId}/redeem").path("assignmentId", ASSIGNMENT, ids)
                        .body("{\"contactId\":\"" + ANN + "\",\"channel\":\"POS\"}", BodyChecks.SYNTAX)
                        .authorization(pos, badPos, 401, 403),
                Route.of("GET", "/api/v1/ops/outbox").authorization(ops, badOps, 401, 403));
    }

    /** A good token of {@code group}, valid for the whole run (50 minutes). */
    private static String good(String group, String contactId) {
        return "Bearer " + JwtKeysResource.claims(group, contactId).expiresIn(3000).sign();
    }

    /** Tokens the gateway refuses on a route of {@code group}: 401, or 403 for another caller. */
    private static Map<String, String> badTokens(String group, String contactId) {
        Instant now = Instant.now();
        String token = JwtKeysResource.claims(group, contactId).expiresIn(3000).sign();
        String payload = token.substring(token.indexOf('.') + 1, token.lastIndexOf('.'));
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("no token", null);
        bad.put("not a JWT", "Bearer not-a-token");
        bad.put("three empty parts", "Bearer ..");
        bad.put("the token without Bearer", token);
        bad.put("Basic credentials", "Basic Y3VzdG9tZXI6c2VjcmV0");
        bad.put("its signature cut short", "Bearer " + token.substring(0, token.length() - 10));
        bad.put("alg none, unsigned", "Bearer " + base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".");
        bad.put("HS256 with the public key as secret", "Bearer " + JwtKeysResource.claims(group, contactId)
                .signWithSecret(publicKey()));
        bad.put("RS512 with the right key", "Bearer " + JwtKeysResource.claims(group, contactId).jws()
                .algorithm(SignatureAlgorithm.RS512).sign());
        bad.put("signed by another key", "Bearer " + JwtKeysResource.claims(group, contactId)
                .sign(JwtKeysResource.newPair().getPrivate()));
        bad.put("expired", "Bearer " + JwtKeysResource.claims(group, contactId).issuedAt(now.minusSeconds(900))
                .expiresAt(now.minusSeconds(600)).sign());
        bad.put("another issuer", "Bearer " + JwtKeysResource.claims(group, contactId).issuer("https://elsewhere.example")
                .sign());
        bad.put("another audience", "Bearer " + JwtKeysResource.claims(group, contactId).audience("another-api").sign());
        bad.put("another group", "Bearer " + JwtKeysResource.claims(group.equals("pos") ? "customer" : "pos", ANN)
                .expiresIn(3000).sign());
        bad.put("no group", "Bearer " + JwtKeysResource.claims(group, contactId).groups(Set.of()).sign());
        bad.put("12 000 characters", "Bearer " + "a".repeat(12_000));
        if (contactId != null) {
            bad.put("no contact_id", "Bearer " + JwtKeysResource.claims(group, null).sign());
            for (String contact : List.of("../ops/outbox", "a".repeat(5_000), "ann\u00001", "ann 1", "*")) {
                bad.put("contact_id " + (contact.length() > 20 ? contact.length() + " characters" : contact),
                        "Bearer " + JwtKeysResource.claims(group, contact).sign());
            }
        }
        return bad;
    }

    private static String publicKey() {
        try {
            return Files.readString(Path.of(URI.create(
                    ConfigProvider.getConfig().getValue("mp.jwt.verify.publickey.location", String.class))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static int maxBodyBytes() {
        return ConfigProvider.getConfig().getValue("web.max-body-bytes", Integer.class);
    }
}

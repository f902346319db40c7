package io.engagebridge.gateway.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.engagebridge.gateway.JwtKeysResource;
import io.engagebridge.gateway.Metrics;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.ServiceKeys;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * POST /api/v1/receipts on its Vert.x route (ReceiptRoute): what it passes on, what it answers when
 * transactions-service fails, and that it, not the JAX-RS method, serves the route. Its refusals (token, size, media
 * type) are BadInputTest's corpus; the eviction after an accepted receipt is GatewayTest's aWriteEvictsWhatItChanges.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(value = EngageWireMockResource.class, initArgs = @ResourceArg(name = "property", value = "services.base-url"))
class ReceiptRouteTest extends GatewayTestBase {

    private static final String RECEIPTS = "/transactions-svc/receipts";
    private static final String ACCEPTED = "{\"status\":\"QUEUED\",\"contactId\":\"ann-1\"}";

    private void serviceAccepts() {
        services.stubFor(post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody(ACCEPTED)));
    }

    /**
     * An accepted receipt evicts the cached purchases of the contact its answer names at the top, not one named deeper
     * in it; an answer naming no contact as a string, or that the gateway's JSON rules refuse (a field twice, something
     * after the object), evicts nothing.
     */
    @Test
    void anAcceptedReceiptEvictsThePurchasesOfTheContactItsAnswerNames() {
        services.stubFor(get(urlPathEqualTo(HISTORY)).willReturn(okJson("{\"items\":[],\"complete\":true}")));
        List<String> contacts = List.of("ann-1", "bob-1");
        contacts.forEach(ReceiptRouteTest::readPurchases);
        contacts.forEach(ReceiptRouteTest::readPurchases);
        assertThat(historyReads("ann-1")).isEqualTo(1);

        acceptWith("{\"status\":\"QUEUED\",\"receipt\":{\"contactId\":\"bob-1\",\"items\":[{\"contactId\":\"bob-1\"}]},"
                + "\"contactId\":\"ann-1\"}");
        contacts.forEach(ReceiptRouteTest::readPurchases);
        assertThat(historyReads("ann-1")).isEqualTo(2);
        assertThat(historyReads("bob-1")).isEqualTo(1);

        for (String namesNone : List.of("{\"contactId\":[\"ann-1\"]}", "{\"contactId\":null}", "[\"ann-1\"]",
                "{\"contactId\":\"ann-1\"", "{\"contactId\":\"ann-1\",\"contactId\":{}}",
                "{\"contactId\":{\"contactId\":\"ann-1\"}}", "{\"contactId\":7,\"contactId\":\"ann-1\"}",
                "{\"contactId\":\"ann-1\"} {}")) {
            acceptWith(namesNone);
            readPurchases("ann-1");
        }
        assertThat(historyReads("ann-1")).isEqualTo(2);
    }

    private void acceptWith(String answer) {
        services.stubFor(post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody(answer)));
        pos().contentType("application/json").body("{}").post("/api/v1/receipts").then().statusCode(202)
                .body(equalTo(answer));
    }

    private static void readPurchases(String contactId) {
        given().auth().oauth2(JwtKeysResource.token("customer", contactId)).get("/api/v1/me/purchases").then()
                .statusCode(200);
    }

    private int historyReads(String contactId) {
        return services.findAll(getRequestedFor(urlPathEqualTo(HISTORY))
                .withQueryParam("contactId", WireMock.equalTo(contactId))).size();
    }

    @Test
    void theRouteNotJaxRsServesReceipts() {
        serviceAccepts();

        // PosResource.receipt would answer 500 (it throws): only ReceiptRoute passes the service's 202 on
        pos().contentType("application/json").body("{}").post("/api/v1/receipts").then().statusCode(202)
                .body(equalTo(ACCEPTED));
        services.verify(1, postRequestedFor(urlPathEqualTo(RECEIPTS)));
    }

    @Test
    void theReceiptGoesOnByteForByteWithTheRequestIdAndTheGatewaysToken() {
        serviceAccepts();
        // what a parser would change: spacing, key order, escapes, a number's form, text past ASCII
        byte[] receipt = "{ \"uniqueReceiptId\":\"R-\\u0031\",\n\t\"totalGrossPrice\": 1.50E2, \"note\":\"åäö €\" ,\"a\":1}"
                .getBytes(StandardCharsets.UTF_8);

        pos().contentType("application/json").header("X-Request-Id", "till-7-42").body(receipt)
                .post("/api/v1/receipts").then().statusCode(202).header("X-Request-Id", "till-7-42");

        List<LoggedRequest> sent = services.findAll(postRequestedFor(urlPathEqualTo(RECEIPTS)));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getBody()).isEqualTo(receipt);
        assertThat(sent.get(0).getHeader("Content-Length")).isEqualTo(String.valueOf(receipt.length));
        assertThat(sent.get(0).getHeader("Content-Type")).startsWith("application/json");
        assertThat(sent.get(0).getHeader("X-Request-Id")).isEqualTo("till-7-42");
        ServiceKeys.shared().verify(sent.get(0).getHeader("Authorization"), ServiceKeys.GATEWAY, "transactions-service");
    }

    @Test
    void aRequestWithoutAnIdGetsOneThatTheServiceSeesToo() {
        serviceAccepts();

        String id = pos().contentType("application/json").body("{}").post("/api/v1/receipts").then().statusCode(202)
                .extract().header("X-Request-Id");

        assertThat(id).matches("[0-9a-f-]{36}");
        services.verify(postRequestedFor(urlPathEqualTo(RECEIPTS)).withHeader("X-Request-Id", WireMock.equalTo(id)));
    }

    @Test
    void theServicesAnswerComesBackAsItCame() {
        String conflict = "{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,\"code\":\"ReceiptConflict\"}";
        services.stubFor(post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/problem+json").withHeader("X-Internal", "not passed on")
                .withBody(conflict)));

        var answer = pos().contentType("application/json").body("{}").post("/api/v1/receipts").then().statusCode(409)
                .contentType("application/problem+json").body(equalTo(conflict)).extract();
        assertThat(answer.header("X-Internal")).isNull();

        services.stubFor(post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withHeader("Location", "/receipts/R-1")
                .withHeader("Retry-After", "7").withBody(ACCEPTED)));
        pos().contentType("application/json").body("{}").post("/api/v1/receipts").then().statusCode(202)
                .header("Location", "/receipts/R-1").header("Retry-After", "7").body(equalTo(ACCEPTED));
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIs503WithRetryAfter() {
        services.stubFor(post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withStatus(202).withFixedDelay(2000)));

        pos().contentType("application/json").header("X-Request-Id", "slow-1").body("{}").post("/api/v1/receipts")
                .then().statusCode(503).header("Retry-After", "30").contentType("application/problem+json")
                .body("detail", equalTo("The service did not answer in time")).body("requestId", equalTo("slow-1"));
    }

    @Test
    void aConnectionCutIs503() {
        services.stubFor(post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        pos().contentType("application/json").body("{}").post("/api/v1/receipts").then().statusCode(503)
                .header("Retry-After", "30").contentType("application/problem+json")
                .body("detail", equalTo("transactions-service did not answer"));
    }

    /** As each call of TransactionsUpstream: 20 calls, half failed, open for 5 s; the receipts' breaker is their own. */
    @Test
    void aFailingServiceOpensTheReceiptsOwnBreaker() {
        services.stubFor(post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/problem+json").withHeader("Retry-After", "9")
                .withBody("{\"status\":503}")));
        services.stubFor(get(urlPathEqualTo(RECEIPTS + "/R-1")).willReturn(okJson("{\"status\":\"SENT\"}")));

        for (int i = 0; i < 20; i++) {
            // the service's own 503 is passed on as it came
            pos().contentType("application/json").body("{}").post("/api/v1/receipts").then().statusCode(503)
                    .header("Retry-After", "9").body(equalTo("{\"status\":503}"));
        }
        pos().contentType("application/json").body("{}").post("/api/v1/receipts").then().statusCode(503)
                .header("Retry-After", "30").contentType("application/problem+json")
                .body("detail", equalTo("The service keeps failing; calls to it are paused for a moment"));

        services.verify(20, postRequestedFor(urlPathEqualTo(RECEIPTS)));
        pos().get("/api/v1/receipts/R-1").then().statusCode(200);
    }

    @Test
    void anAcceptThatTakesNoJsonIs406AndNothingIsSent() {
        pos().accept("text/html").contentType("application/json").body("{\"uniqueReceiptId\":\"r-406\"}")
                .post("/api/v1/receipts").then().statusCode(406).contentType("application/problem+json")
                .body("title", equalTo("Not Acceptable"));
        assertThat(services.findAll(postRequestedFor(urlPathEqualTo(RECEIPTS)))).isEmpty();
        // as a JAX-RS route answers it
        pos().accept("text/html").get("/api/v1/receipts/r-406").then().statusCode(406)
                .contentType("application/problem+json");
    }

    @Test
    void serverMetricsCountTheRoute() {
        serviceAccepts();
        String[] route = { "method=\"POST\"", "uri=\"/api/v1/receipts\"", "status=\"202\"" };
        double before = Metrics.sum(metrics(), "http_server_requests_seconds_count", route);

        pos().contentType("application/json").body("{}").post("/api/v1/receipts").then().statusCode(202);

        assertThat(Metrics.sum(metrics(), "http_server_requests_seconds_count", route)).isEqualTo(before + 1);
    }
}

package io.engagebridge.gateway.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;

import io.engagebridge.gateway.Caches;
import io.engagebridge.gateway.JwtKeysResource;
import io.engagebridge.gateway.Metrics;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The My Pages reads on their Vert.x routes (MyPagesRoute): what they answer beyond GatewayTest's reads (caching, hits
 * and misses, stale copies, 503, request ids) and BadInputTest's refusals: server metrics, HEAD (left to JAX-RS), Accept,
 * the default channel, and the request id in the problems they answer themselves.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(value = EngageWireMockResource.class, initArgs = @ResourceArg(name = "property", value = "services.base-url"))
class MyPagesRouteTest extends GatewayTestBase {

    /** A random (version 4) UUID, as the gateway makes request ids. */
    private static final String NEW_ID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    private void profileUp() {
        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(okJson("{\"contactId\":\"" + ANN + "\"}")));
    }

    @Test
    void serverMetricsCountTheReads() {
        profileUp();
        // the first call through a fresh gateway builds its REST client: not what this test counts
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> customer().get("/api/v1/me/profile").then().statusCode(200));
        String[] read = { "method=\"GET\"", "uri=\"/api/v1/me/profile\"", "status=\"200\"" };
        double before = Metrics.sum(metrics(), "http_server_requests_seconds_count", read);

        customer().get("/api/v1/me/profile").then().statusCode(200);

        assertThat(Metrics.sum(metrics(), "http_server_requests_seconds_count", read)).isEqualTo(before + 1);
    }

    @Test
    void headIsStillAnswered() {
        profileUp();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> customer().head("/api/v1/me/profile").then().statusCode(200));
        given().head("/api/v1/me/profile").then().statusCode(401);
    }

    /** An Accept that takes JSON among others is served as by {@code @Produces} JSON; one that takes none is 406. */
    @Test
    void anAcceptThatTakesJsonAmongOthersIsServed() {
        profileUp();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> customer().accept("text/html, application/*;q=0.5")
                .get("/api/v1/me/profile").then().statusCode(200).contentType("application/json"));
        customer().accept("text/html, */*").get("/api/v1/me/promotions?channel=NOPE").then().statusCode(400)
                .contentType("application/problem+json");
        customer().accept("text/html").get("/api/v1/me/profile").then().statusCode(406)
                .contentType("application/problem+json").body("title", equalTo("Not Acceptable"));
    }

    @Test
    void promotionsWithoutAChannelAreTheEcomOnes() {
        services.stubFor(get(urlPathEqualTo(PROMOTIONS)).willReturn(okJson("{\"items\":[],\"stale\":false}")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> customer().get("/api/v1/me/promotions").then().statusCode(200));
        services.verify(getRequestedFor(urlPathEqualTo(PROMOTIONS)).withQueryParam("channel", WireMock.equalTo("ECOM")));
    }

    @Test
    void theProblemsTheRouteAnswersCarryTheRequestId() {
        customer().header("X-Request-Id", "till-7-43").get("/api/v1/me/purchases?offset=-1").then().statusCode(400)
                .header("X-Request-Id", "till-7-43").body("requestId", equalTo("till-7-43"));
        given().header("X-Request-Id", "till-7-44").get("/api/v1/me/profile").then().statusCode(401)
                .header("X-Request-Id", "till-7-44").body("requestId", equalTo("till-7-44"));

        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        customer().header("X-Request-Id", "till-7-45").get("/api/v1/me/profile").then().statusCode(503)
                .header("X-Request-Id", "till-7-45").header("Retry-After", "30").body("requestId", equalTo("till-7-45"));
    }

    /**
     * A caller's {@code X-Request-Id} is kept (and reaches the service) when it is 1 to 100 of ASCII letters, digits and
     * {@code _ . : -}; anything else is replaced by a new id, never echoed.
     */
    @Test
    void aGivenRequestIdIsKeptOnlyWhenItIsOne() {
        profileUp();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> customer().get("/api/v1/me/profile").then().statusCode(200));
        for (String kept : List.of("a", "Till_7.43:b-Z9", "x".repeat(100))) {
            customer().header("X-Request-Id", kept).get("/api/v1/me/profile").then().statusCode(200)
                    .header("X-Request-Id", kept);
        }
        for (String replaced : List.of("till/7", "till 7", "tïll-7", "till+7", "x".repeat(101))) {
            customer().header("X-Request-Id", replaced).get("/api/v1/me/profile").then().statusCode(200)
                    .header("X-Request-Id", matchesPattern(NEW_ID));
        }
        Caches.empty(caches);
        customer().header("X-Request-Id", "till_7.44:c").get("/api/v1/me/profile").then().statusCode(200);
        services.verify(getRequestedFor(urlPathEqualTo(CONTACT)).withHeader("X-Request-Id", WireMock.equalTo("till_7.44:c")));
    }

    /** A request without an id gets a new random UUID (version 4), a different one each time, and so does its service call. */
    @Test
    void aRequestWithoutAnIdGetsANewRandomUuid() {
        profileUp();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> customer().get("/api/v1/me/profile").then().statusCode(200));
        Caches.empty(caches);
        String first = customer().get("/api/v1/me/profile").then().statusCode(200)
                .header("X-Request-Id", matchesPattern(NEW_ID)).extract().header("X-Request-Id");
        String second = customer().get("/api/v1/me/profile").then().statusCode(200)
                .header("X-Request-Id", matchesPattern(NEW_ID)).extract().header("X-Request-Id");
        assertThat(second).isNotEqualTo(first);
        services.verify(getRequestedFor(urlPathEqualTo(CONTACT)).withHeader("X-Request-Id", WireMock.equalTo(first)));
    }

    /**
     * The token's contact must be an Engage id (1 to 64 of ASCII letters, digits and dashes) or the read is 403, and no
     * service is asked.
     */
    @Test
    void aTokenWhoseContactIsNoEngageIdIsRefused() {
        String longest = "A-" + "z9".repeat(31);
        services.stubFor(get(urlPathEqualTo("/contacts-svc/contacts/" + longest)).willReturn(okJson("{\"contactId\":\"x\"}")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(JwtKeysResource.token("customer", longest))
                .get("/api/v1/me/profile").then().statusCode(200));
        services.resetRequests();
        for (String notAnId : List.of(longest + "0", "ann_1", "ann.1", "ann 1", "ánn-1", "ann/1")) {
            given().auth().oauth2(JwtKeysResource.token("customer", notAnId)).get("/api/v1/me/profile").then()
                    .statusCode(403).body("detail", equalTo("The token names no contact"));
        }
        services.verify(0, getRequestedFor(WireMock.anyUrl()));
    }
}

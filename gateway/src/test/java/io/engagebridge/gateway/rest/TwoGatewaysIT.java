package io.engagebridge.gateway.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.engagebridge.gateway.JwtKeysResource;
import io.engagebridge.gateway.Metrics;
import io.engagebridge.gateway.RedisTestResource;
import io.engagebridge.testsupport.Replicas;
import io.engagebridge.testsupport.Replicas.Replica;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Two gateways, each the packaged jar in its own process as two pods would run it, sharing one Redis (embedded) and
 * one set of services (WireMock). What one gateway's write changes, the other must not serve from its cache.
 * Everything is started once for the class.
 */
class TwoGatewaysIT {

    private static final String ANN = "ann-1";
    private static final String CONTACT = "/contacts-svc/contacts/" + ANN;
    private static final String HISTORY = "/transactions-svc/transactions";
    private static final String PROMOTIONS = "/promotions-svc/promotions";
    private static final String NOT_ANSWERING = "Redis is not answering";

    private static final RedisTestResource redis = new RedisTestResource();
    private static final JwtKeysResource keys = new JwtKeysResource();
    private static WireMockServer services;
    private static String signingKey;
    private static Replicas gateways;
    private static Replica one;
    private static Replica other;

    @BeforeAll
    static void startTwoGatewaysOnOneRedis() {
        services = new WireMockServer(options().dynamicPort().containerThreads(20));
        services.start();
        Map<String, String> config = new HashMap<>();
        config.putAll(redis.start());
        config.putAll(keys.start());
        config.put("services.base-url", services.baseUrl());
        config.put("quarkus.profile", "test");
        // Room for a slow read to be overtaken by a write through the other gateway.
        config.put("quarkus.rest-client.contacts.read-timeout", "5000");
        signingKey = config.get("smallrye.jwt.sign.key.location");
        gateways = new Replicas(Path.of("").toAbsolutePath(), config);
        List<Replica> started = gateways.start(2);
        one = started.get(0);
        other = started.get(1);
        one.awaitReady(Duration.ofSeconds(90));
        other.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopAll() {
        if (gateways != null) {
            gateways.close();
        }
        if (services != null) {
            services.stop();
        }
        redis.stop();
    }

    @BeforeEach
    void reset() {
        services.resetAll();
        redis.flushAll();
    }

    @Test
    void aProfileChangedThroughOneGatewayShowsAtOnceThroughTheOther() {
        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(okJson(profile("Ann"))));
        customer(one).get("/api/v1/me/profile").then().statusCode(200).body("attributes.firstName", equalTo("Ann"));
        customer(other).get("/api/v1/me/profile").then().statusCode(200).body("attributes.firstName", equalTo("Ann"));
        services.verify(1, getRequestedFor(urlPathEqualTo(CONTACT)));

        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(okJson(profile("Annie"))));
        services.stubFor(patch(urlPathEqualTo(CONTACT)).willReturn(okJson("{\"status\":\"APPLIED\"}")));
        customer(one).contentType(ContentType.JSON).body("{\"attributes\":{\"firstName\":\"Annie\"}}")
                .patch("/api/v1/me/profile").then().statusCode(200);

        customer(other).get("/api/v1/me/profile").then().statusCode(200).body("attributes.firstName", equalTo("Annie"));
        services.verify(2, getRequestedFor(urlPathEqualTo(CONTACT)));
    }

    @Test
    void aPromotionRedeemedThroughOneGatewayIsGoneFromTheOthersList() {
        services.stubFor(get(urlPathEqualTo(PROMOTIONS)).willReturn(okJson(
                "{\"items\":[{\"assignmentId\":\"a1\"},{\"assignmentId\":\"a2\"}],\"stale\":false}")));
        customer(other).get("/api/v1/me/promotions").then().statusCode(200).body("items.assignmentId", hasItem("a1"));
        customer(one).get("/api/v1/me/promotions").then().statusCode(200).body("items.assignmentId", hasItem("a1"));
        services.verify(1, getRequestedFor(urlPathEqualTo(PROMOTIONS)));

        services.stubFor(get(urlPathEqualTo(PROMOTIONS)).willReturn(okJson(
                "{\"items\":[{\"assignmentId\":\"a2\"}],\"stale\":false}")));
        services.stubFor(post(urlPathEqualTo("/promotions-svc/promotions/a1/redeem")).willReturn(okJson("{\"status\":\"REDEEMED\"}")));
        pos(one).contentType(ContentType.JSON).body("{\"contactId\":\"" + ANN + "\",\"channel\":\"POS\"}")
                .post("/api/v1/promotions/a1/redeem").then().statusCode(200);

        customer(other).get("/api/v1/me/promotions").then().statusCode(200)
                .body("items.assignmentId", equalTo(List.of("a2")));
    }

    @Test
    void aPromotionRedeemedThroughOneGatewayIsNotOfferedByTheOtherFromALastGoodCopy() {
        services.stubFor(get(urlPathEqualTo(PROMOTIONS)).willReturn(okJson(
                "{\"items\":[{\"assignmentId\":\"a1\"}],\"stale\":false}")));
        customer(other).get("/api/v1/me/promotions").then().statusCode(200).body("items.assignmentId", hasItem("a1"));
        services.stubFor(post(urlPathEqualTo("/promotions-svc/promotions/a1/redeem")).willReturn(okJson("{\"status\":\"REDEEMED\"}")));
        pos(one).contentType(ContentType.JSON).body("{\"contactId\":\"" + ANN + "\",\"channel\":\"POS\"}")
                .post("/api/v1/promotions/a1/redeem").then().statusCode(200);

        services.stubFor(get(urlPathEqualTo(PROMOTIONS)).willReturn(aResponse().withStatus(503)));
        customer(other).get("/api/v1/me/promotions").then().statusCode(503);
    }

    @Test
    void aReceiptThroughOneGatewayShowsInTheOthersPurchases() {
        services.stubFor(get(urlPathEqualTo(HISTORY)).willReturn(okJson("{\"items\":[],\"complete\":true}")));
        customer(other).get("/api/v1/me/purchases").then().statusCode(200).body("items", empty());

        services.stubFor(get(urlPathEqualTo(HISTORY)).willReturn(okJson(
                "{\"items\":[{\"uniqueReceiptId\":\"R-1\"}],\"complete\":true}")));
        services.stubFor(post(urlPathEqualTo("/transactions-svc/receipts")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"QUEUED\",\"contactId\":\"" + ANN + "\"}")));
        pos(one).contentType(ContentType.JSON).body("{\"email\":\"ann@example.com\",\"uniqueReceiptId\":\"R-1\"}")
                .post("/api/v1/receipts").then().statusCode(202);

        customer(other).get("/api/v1/me/purchases").then().statusCode(200)
                .body("items.uniqueReceiptId", hasItem("R-1"));
    }

    @Test
    void aReadThatBeganBeforeAWriteOnTheOtherGatewayDoesNotPutTheOldCopyBack() {
        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(okJson(profile("Ann")).withFixedDelay(1500)));
        CompletableFuture<Response> slowRead = CompletableFuture.supplyAsync(
                () -> customer(one).get("/api/v1/me/profile"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> services.countRequestsMatching(getRequestedFor(urlPathEqualTo(CONTACT)).build())
                        .getCount() == 1);

        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(okJson(profile("Annie"))));
        services.stubFor(patch(urlPathEqualTo(CONTACT)).willReturn(okJson("{\"status\":\"APPLIED\"}")));
        customer(other).contentType(ContentType.JSON).body("{\"attributes\":{\"firstName\":\"Annie\"}}")
                .patch("/api/v1/me/profile").then().statusCode(200);
        assertThat(slowRead).as("the write finished while the read was still under way").isNotDone();

        slowRead.join().then().statusCode(200).body("attributes.firstName", equalTo("Ann"));
        customer(one).get("/api/v1/me/profile").then().statusCode(200).body("attributes.firstName", equalTo("Annie"));
        customer(other).get("/api/v1/me/profile").then().statusCode(200).body("attributes.firstName", equalTo("Annie"));
    }

    @Test
    void theLastGoodCopyKeptByOneGatewayServesTheOtherInAnOutage() {
        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(okJson(profile("Ann"))));
        services.stubFor(post(urlPathEqualTo(CONTACT + "/upgrade")).willReturn(okJson("{\"status\":\"UPGRADED\"}")));
        customer(one).get("/api/v1/me/profile").then().statusCode(200);
        pos(one).post("/api/v1/contacts/" + ANN + "/upgrade").then().statusCode(200);

        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(503)));
        customer(other).get("/api/v1/me/profile").then().statusCode(200)
                .header("X-Stale-Age", notNullValue()).body("attributes.firstName", equalTo("Ann"));
    }

    @Test
    void whenRedisStopsReadsStillAnswerFromTheServicesAndTheFailuresAreCounted() {
        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(okJson(profile("Ann"))));
        double errorsBefore = errors(one) + errors(other);
        long warningsBefore = warnings(one) + warnings(other);

        redis.stopServer();
        try {
            for (int i = 0; i < 5; i++) {
                customer(one).get("/api/v1/me/profile").then().statusCode(200).body("attributes.firstName", equalTo("Ann"));
                customer(other).get("/api/v1/me/profile").then().statusCode(200).body("attributes.firstName", equalTo("Ann"));
            }
            services.verify(10, getRequestedFor(urlPathEqualTo(CONTACT)));
            assertThat(errors(one) + errors(other)).isGreaterThanOrEqualTo(errorsBefore + 10);
            assertThat(warnings(one) + warnings(other)).as("one warning per gateway, not one per read")
                    .isEqualTo(warningsBefore + 2);
        } finally {
            redis.restart();
        }

        await("the copies are shared again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    services.resetRequests();
                    customer(one).get("/api/v1/me/profile").then().statusCode(200);
                    customer(other).get("/api/v1/me/profile").then().statusCode(200);
                    assertThat(services.countRequestsMatching(getRequestedFor(urlPathEqualTo(CONTACT)).build())
                            .getCount()).as("service calls for two reads, one per gateway").isLessThanOrEqualTo(1);
                });
    }

    @Test
    void anEvictionMissedWhileRedisWasGoneIsDoneWhenItIsBack() {
        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(okJson(profile("Ann"))));
        customer(one).get("/api/v1/me/profile").then().statusCode(200).body("attributes.firstName", equalTo("Ann"));

        redis.stopServer();
        try {
            services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(okJson(profile("Annie"))));
            services.stubFor(patch(urlPathEqualTo(CONTACT)).willReturn(okJson("{\"status\":\"APPLIED\"}")));
            customer(one).contentType(ContentType.JSON).body("{\"attributes\":{\"firstName\":\"Annie\"}}")
                    .patch("/api/v1/me/profile").then().statusCode(200);
        } finally {
            redis.restart();
        }

        // Redis comes back with Ann's old copy; the first thing gateway one does with Redis (for another contact)
        // tells it Redis is back, and it redoes the eviction it missed.
        services.stubFor(get(urlPathEqualTo("/contacts-svc/contacts/bob-2")).willReturn(okJson("{\"contactId\":\"bob-2\"}")));
        await("the missed eviction is redone").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    given().baseUri(url(one)).auth().oauth2(token("customer", "bob-2")).get("/api/v1/me/profile");
                    customer(other).get("/api/v1/me/profile").then().statusCode(200)
                            .body("attributes.firstName", equalTo("Annie"));
                });
    }

    private static double errors(Replica gateway) {
        String metrics = given().baseUri("http://127.0.0.1:" + gateway.managementPort()).get("/q/metrics").then().statusCode(200).extract().asString();
        return Metrics.sum(metrics, "gateway_cache_errors_total");
    }

    private static long warnings(Replica gateway) {
        return gateway.output().lines().filter(line -> line.contains(NOT_ANSWERING)).count();
    }

    private static String profile(String firstName) {
        return "{\"contactId\":\"" + ANN + "\",\"attributes\":{\"firstName\":\"" + firstName + "\"}}";
    }

    private static String url(Replica gateway) {
        return "http://127.0.0.1:" + gateway.httpPort();
    }

    private static RequestSpecification customer(Replica gateway) {
        return given().baseUri(url(gateway)).auth().oauth2(token("customer", ANN));
    }

    private static RequestSpecification pos(Replica gateway) {
        return given().baseUri(url(gateway)).auth().oauth2(token("pos", null));
    }

    private static String token(String group, String contactId) {
        return JwtKeysResource.claims(group, contactId).jws().sign(signingKey);
    }
}

package io.engagebridge.gateway.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;

import io.engagebridge.gateway.JwtKeysResource;
import io.engagebridge.gateway.Metrics;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(value = EngageWireMockResource.class, initArgs = @ResourceArg(name = "property", value = "services.base-url"))
class GatewayTest extends GatewayTestBase {

    @Inject
    @CacheName("profile")
    Cache profileCache;

    /** The first call through a fresh gateway to each service, made once before any test counts calls or answers. */
    @Override
    void warmUp() {
        profileUp();
        services.stubFor(get(urlPathEqualTo(HISTORY)).willReturn(okJson("{\"items\":[],\"complete\":true}")));
        services.stubFor(get(urlPathEqualTo(PROMOTIONS)).willReturn(okJson("{\"items\":[],\"stale\":false}")));
        await("the gateway answers a first call of each service").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    breakers.resetAll();
                    customer().get("/api/v1/me/profile").then().statusCode(200);
                    customer().get("/api/v1/me/purchases").then().statusCode(200);
                    customer().get("/api/v1/me/promotions").then().statusCode(200);
                });
    }

    private void profileUp() {
        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(okJson("{\"contactId\":\"" + ANN + "\",\"attributes\":{\"firstName\":\"Ann\"}}")));
    }

    @Test
    void tokensAreCheckedBeforeAnythingReachesAService() {
        given().get("/api/v1/me/profile").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        String expired = JwtKeysResource.claims("customer", ANN).expiresAt(Instant.now().minusSeconds(600)).sign();
        given().auth().oauth2(expired).get("/api/v1/me/profile").then().statusCode(401);
        String forged = JwtKeysResource.claims("customer", ANN).sign(JwtKeysResource.newPair().getPrivate());
        given().auth().oauth2(forged).get("/api/v1/me/profile").then().statusCode(401);
        pos().get("/api/v1/me/profile").then().statusCode(403)
                .contentType("application/problem+json");
        customer().get("/api/v1/contacts/bob-2").then().statusCode(403);
        given().auth().oauth2(JwtKeysResource.token("customer", null)).get("/api/v1/me/profile").then().statusCode(403)
                .body("detail", equalTo("The token names no contact"));
        pos().get("/api/v1/ops/outbox").then().statusCode(403);

        services.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void myPagesReadsAreCachedPerContact() {
        profileUp();
        services.stubFor(get(urlPathEqualTo(HISTORY)).willReturn(okJson("{\"items\":[],\"complete\":true}")));
        services.stubFor(get(urlPathEqualTo(PROMOTIONS)).willReturn(okJson("{\"items\":[],\"stale\":false}")));

        for (int i = 0; i < 3; i++) {
            customer().get("/api/v1/me/profile").then().statusCode(200).body("attributes.firstName", equalTo("Ann"));
            customer().get("/api/v1/me/purchases?offset=0&count=10").then().statusCode(200);
            customer().get("/api/v1/me/promotions?channel=ECOM").then().statusCode(200);
        }

        services.verify(1, getRequestedFor(urlPathEqualTo(CONTACT)));
        services.verify(1, getRequestedFor(urlPathEqualTo(HISTORY))
                .withQueryParam("contactId", WireMock.equalTo(ANN)).withQueryParam("count", WireMock.equalTo("10")));
        services.verify(1, getRequestedFor(urlPathEqualTo(PROMOTIONS))
                .withQueryParam("channel", WireMock.equalTo("ECOM")));
    }

    @Test
    void readsCountAsHitsAndMisses() {
        profileUp();
        String before = metrics();

        for (int i = 0; i < 3; i++) {
            customer().get("/api/v1/me/profile").then().statusCode(200);
        }

        String after = metrics();
        assertThat(profileReads(after, "miss") - profileReads(before, "miss")).isEqualTo(1);
        assertThat(profileReads(after, "hit") - profileReads(before, "hit")).isEqualTo(2);
    }

    private static double profileReads(String metrics, String result) {
        return Metrics.sum(metrics, "gateway_cache_total", "cache=\"profile\"", "result=\"" + result + "\"");
    }

    @Test
    void aWriteEvictsWhatItChanges() {
        profileUp();
        services.stubFor(patch(urlPathEqualTo(CONTACT)).willReturn(okJson("{\"status\":\"APPLIED\"}")));
        services.stubFor(get(urlPathEqualTo(HISTORY)).willReturn(okJson("{\"items\":[],\"complete\":true}")));
        services.stubFor(post(urlPathEqualTo("/transactions-svc/receipts")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"QUEUED\",\"contactId\":\"" + ANN + "\"}")));
        services.stubFor(get(urlPathEqualTo(PROMOTIONS)).willReturn(okJson("{\"items\":[],\"stale\":false}")));
        services.stubFor(post(urlPathEqualTo("/promotions-svc/promotions/a1/redeem")).willReturn(okJson("{\"status\":\"REDEEMED\"}")));
        customer().get("/api/v1/me/profile").then().statusCode(200);
        customer().get("/api/v1/me/purchases").then().statusCode(200);
        customer().get("/api/v1/me/promotions").then().statusCode(200);

        customer().contentType(ContentType.JSON).body("{\"attributes\":{\"firstName\":\"Annie\"}}")
                .patch("/api/v1/me/profile").then().statusCode(200);
        pos().contentType(ContentType.JSON).body("{\"email\":\"ann@example.com\",\"uniqueReceiptId\":\"R-1\"}")
                .post("/api/v1/receipts").then().statusCode(202);
        pos().contentType(ContentType.JSON).body("{\"contactId\":\"" + ANN + "\",\"channel\":\"POS\"}")
                .post("/api/v1/promotions/a1/redeem").then().statusCode(200);
        customer().get("/api/v1/me/profile").then().statusCode(200);
        customer().get("/api/v1/me/purchases").then().statusCode(200);
        customer().get("/api/v1/me/promotions").then().statusCode(200);

        services.verify(2, getRequestedFor(urlPathEqualTo(CONTACT)));
        services.verify(2, getRequestedFor(urlPathEqualTo(HISTORY)));
        services.verify(2, getRequestedFor(urlPathEqualTo(PROMOTIONS)));
    }

    @Test
    void failuresAndFallbackAnswersAreNeverCached() {
        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(500)));
        services.stubFor(get(urlPathEqualTo(HISTORY)).willReturn(okJson("{\"items\":[],\"complete\":false}")));
        services.stubFor(get(urlPathEqualTo(PROMOTIONS)).willReturn(okJson("{\"items\":[],\"stale\":true}")
                .withHeader("X-Stale-Age", "42")));

        for (int i = 0; i < 2; i++) {
            customer().get("/api/v1/me/profile").then().statusCode(500);
            customer().get("/api/v1/me/purchases").then().statusCode(200).body("complete", equalTo(false));
            customer().get("/api/v1/me/promotions").then().statusCode(200).header("X-Stale-Age", "42");
        }
        services.verify(2, getRequestedFor(urlPathEqualTo(CONTACT)));

        // contacts-service's own last copy of a profile (Engage down) is passed on, marked, and not cached either
        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(okJson("{\"contactId\":\"" + ANN + "\"}")
                .withHeader("X-Stale-Age", "7")));
        for (int i = 0; i < 2; i++) {
            customer().get("/api/v1/me/profile").then().statusCode(200).header("X-Stale-Age", "7");
        }
        services.verify(4, getRequestedFor(urlPathEqualTo(CONTACT)));
        services.verify(2, getRequestedFor(urlPathEqualTo(HISTORY)));
        services.verify(2, getRequestedFor(urlPathEqualTo(PROMOTIONS)));
    }

    @Test
    void aProfileLackingQueuedChangesIsNeverCached() {
        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(okJson(
                "{\"contactId\":\"" + ANN + "\",\"attributes\":{\"firstName\":\"Ann\"},\"pendingChanges\":true}")));

        for (int i = 0; i < 2; i++) {
            customer().get("/api/v1/me/profile").then().statusCode(200).body("pendingChanges", equalTo(true));
        }

        services.verify(2, getRequestedFor(urlPathEqualTo(CONTACT)));
    }

    @Test
    void aRedeemedPromotionIsNeverOfferedAgainFromALastGoodCopy() {
        services.stubFor(get(urlPathEqualTo(PROMOTIONS)).willReturn(okJson("{\"items\":[{\"id\":\"a1\"}],\"stale\":false}")));
        services.stubFor(post(urlPathEqualTo("/promotions-svc/promotions/a1/redeem")).willReturn(okJson("{\"status\":\"REDEEMED\"}")));
        customer().get("/api/v1/me/promotions?channel=ECOM").then().statusCode(200).body("items.id", hasItem("a1"));

        pos().contentType(ContentType.JSON).body("{\"contactId\":\"" + ANN + "\",\"channel\":\"POS\"}")
                .post("/api/v1/promotions/a1/redeem").then().statusCode(200);
        services.stubFor(get(urlPathEqualTo(PROMOTIONS)).willReturn(aResponse().withStatus(503)));

        customer().get("/api/v1/me/promotions?channel=ECOM").then().statusCode(503).header("Retry-After", notNullValue());
    }

    @Test
    void whenAServiceFailsMyPagesGetsTheLastCopyMarkedStale() {
        profileUp();
        customer().get("/api/v1/me/profile").then().statusCode(200);
        profileCache.invalidateAll().await().indefinitely();

        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        String age = customer().get("/api/v1/me/profile").then().statusCode(200)
                .body("attributes.firstName", equalTo("Ann")).extract().header("X-Stale-Age");
        assertThat(Integer.parseInt(age)).as("seconds since the copy was taken, just now").isBetween(0, 5);
    }

    @Test
    void whenAServiceFailsAndNothingIsKeptTheAnswerIs503WithRetryAfter() {
        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        customer().get("/api/v1/me/profile").then().statusCode(503).header("Retry-After", "30")
                .contentType("application/problem+json")
                .body("detail", equalTo("contacts-service did not answer; no recent copy to show"));
        pos().get("/api/v1/contacts/" + ANN).then().statusCode(503)
                .body("detail", equalTo("contacts-service did not answer"));

        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(200).withFixedDelay(2000)));
        customer().get("/api/v1/me/profile").then().statusCode(503)
                .body("detail", equalTo("The service did not answer in time; no recent copy to show"));
        pos().get("/api/v1/contacts/" + ANN).then().statusCode(503)
                .body("detail", equalTo("The service did not answer in time"));
    }

    @Test
    void posCallsAreNeverAnsweredFromCache() {
        services.stubFor(post(urlPathEqualTo("/contacts-svc/contacts/identify"))
                .willReturn(okJson("{\"status\":\"FOUND\",\"contactId\":\"" + ANN + "\"}")));
        profileUp();

        for (int i = 0; i < 2; i++) {
            pos().contentType(ContentType.JSON).body("{\"email\":\"ann@example.com\"}").post("/api/v1/contacts/identify")
                    .then().statusCode(200).body("contactId", equalTo(ANN));
            pos().get("/api/v1/contacts/" + ANN).then().statusCode(200);
        }

        services.verify(2, postRequestedFor(urlPathEqualTo("/contacts-svc/contacts/identify")));
        services.verify(2, getRequestedFor(urlPathEqualTo(CONTACT)));
    }

    @Test
    void theRequestIdReachesTheServiceAndComesBack() {
        profileUp();
        customer().header("X-Request-Id", "till-7-42").get("/api/v1/me/profile").then().statusCode(200)
                .header("X-Request-Id", "till-7-42");
        services.verify(getRequestedFor(urlPathEqualTo(CONTACT)).withHeader("X-Request-Id", WireMock.equalTo("till-7-42")));

        pos().get("/api/v1/contacts/" + ANN).then().header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void badInputIsAProblemAndReachesNoService() {
        customer().get("/api/v1/me/purchases?count=1000").then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("count must be a whole number from 1 to 100"));
        customer().get("/api/v1/me/promotions?channel=SHOP").then().statusCode(400);
        pos().contentType(ContentType.JSON).body("{\"email\": ").post("/api/v1/contacts/identify").then().statusCode(400)
                .contentType("application/problem+json");
        pos().contentType(ContentType.JSON).body("{\"x\":\"" + "y".repeat(300_000) + "\"}").post("/api/v1/receipts")
                .then().statusCode(413).contentType("application/problem+json");
        services.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void pingAnswersWithoutAToken() {
        given().get("/api/v1/ping").then().statusCode(200).body(equalTo("pong"));
    }

    /** Each service's figures come from its management port; its API port is not asked. */
    @Test
    void operatorsSeeEveryOutboxInOneView() {
        services.stubFor(get(urlPathEqualTo("/contacts-management/ops/outbox")).willReturn(okJson("{\"pending\":1,\"dead\":0}")));
        services.stubFor(get(urlPathEqualTo("/transactions-management/ops/outbox")).willReturn(okJson("{\"pending\":5,\"dead\":2}")));
        services.stubFor(get(urlPathEqualTo("/promotions-management/ops/outbox")).willReturn(aResponse().withStatus(503)));

        ops().get("/api/v1/ops/outbox").then().statusCode(200)
                .body("contacts.pending", equalTo(1)).body("transactions.dead", equalTo(2))
                .body("promotions.error", notNullValue());
        services.verify(0, getRequestedFor(urlPathMatching("/.*-svc/.*")));
    }
}

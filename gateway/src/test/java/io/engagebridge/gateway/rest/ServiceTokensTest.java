package io.engagebridge.gateway.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.engagebridge.gateway.Caches;
import io.engagebridge.gateway.JwtKeysResource;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.ServiceKeys;
import io.engagebridge.testsupport.ServiceKeys.SentToken;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Every call the gateway makes to a service carries the gateway's service token for that service: signed with the
 * gateway's key, the service as audience, five minutes, minted once. The services (WireMock here) check it; their
 * own tests check that they refuse anything else.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(value = EngageWireMockResource.class, initArgs = @ResourceArg(name = "property", value = "services.base-url"))
class ServiceTokensTest extends GatewayTestBase {

    private static final String IDENTIFY = "/contacts-svc/contacts/identify";
    private static final ServiceKeys KEYS = ServiceKeys.shared();

    private void servicesAnswer() {
        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(okJson("{\"contactId\":\"" + ANN + "\"}")));
        services.stubFor(post(urlPathEqualTo(IDENTIFY)).willReturn(okJson("{\"status\":\"FOUND\",\"contactId\":\"" + ANN + "\"}")));
        services.stubFor(get(urlPathEqualTo(HISTORY)).willReturn(okJson("{\"items\":[],\"complete\":true}")));
        services.stubFor(get(urlPathEqualTo(PROMOTIONS)).willReturn(okJson("{\"items\":[],\"stale\":false}")));
        services.stubFor(get(urlPathEqualTo("/contacts-management/ops/outbox")).willReturn(okJson("{\"pending\":0}")));
        services.stubFor(get(urlPathEqualTo("/transactions-management/ops/outbox")).willReturn(okJson("{\"pending\":0}")));
        services.stubFor(get(urlPathEqualTo("/promotions-management/ops/outbox")).willReturn(okJson("{\"pending\":0}")));
        // a fresh gateway's first calls build their clients and mint the first tokens: let them finish first
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            breakers.resetAll();
            customer().get("/api/v1/me/profile").then().statusCode(200);
            customer().get("/api/v1/me/purchases").then().statusCode(200);
            customer().get("/api/v1/me/promotions").then().statusCode(200);
        });
        services.resetRequests();
        Caches.empty(caches);
    }

    private String authorization(RequestPatternBuilder calls) {
        List<LoggedRequest> made = services.findAll(calls);
        assertThat(made).as("calls made").isNotEmpty();
        return made.get(0).getHeader("Authorization");
    }

    @Test
    void everyCallCarriesTheGatewaysTokenForThatServiceAlone() {
        servicesAnswer();

        customer().get("/api/v1/me/profile").then().statusCode(200);
        customer().get("/api/v1/me/purchases").then().statusCode(200);
        customer().get("/api/v1/me/promotions").then().statusCode(200);
        pos().contentType(ContentType.JSON).body("{\"email\":\"ann@example.com\"}").post("/api/v1/contacts/identify")
                .then().statusCode(200);

        Map<String, RequestPatternBuilder> callsTo = Map.of(
                "contacts-service", getRequestedFor(urlPathEqualTo(CONTACT)),
                "transactions-service", getRequestedFor(urlPathEqualTo(HISTORY)),
                "promotions-service", getRequestedFor(urlPathEqualTo(PROMOTIONS)));
        callsTo.forEach((service, calls) -> {
            SentToken sent = KEYS.verify(authorization(calls), ServiceKeys.GATEWAY, service);
            assertThat(sent.audience()).as(service).containsExactly(service);
            assertThat(sent.groups()).as(service).containsExactly(ServiceKeys.GATEWAY);
            assertThat(sent.subject()).as(service).isEqualTo(ServiceKeys.GATEWAY);
            assertThat(sent.lifetimeSeconds()).as(service).isEqualTo(300);
        });
        assertThat(authorization(postRequestedFor(urlPathEqualTo(IDENTIFY))))
                .as("one token for contacts-service, minted once, serves every call to it")
                .isEqualTo(authorization(getRequestedFor(urlPathEqualTo(CONTACT))));
    }

    @Test
    void theOperatorsViewAsksEachServiceWithTheGatewaysTokenForIt() {
        servicesAnswer();

        ops().get("/api/v1/ops/outbox").then().statusCode(200);

        for (String service : List.of("contacts", "transactions", "promotions")) {
            KEYS.verify(authorization(getRequestedFor(urlPathEqualTo("/" + service + "-management/ops/outbox"))),
                    ServiceKeys.GATEWAY, service + "-service");
        }
    }

    @Test
    void aServiceRefusingTheGatewaysTokenIsAnOutageNeverTheCallersFault() {
        servicesAnswer();
        services.stubFor(post(urlPathEqualTo(IDENTIFY)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":401}")));
        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(403)));

        pos().contentType(ContentType.JSON).body("{\"email\":\"ann@example.com\"}").post("/api/v1/contacts/identify")
                .then().statusCode(503).header("Retry-After", "30").contentType("application/problem+json");
        customer().get("/api/v1/me/profile").then().statusCode(503);
    }
}

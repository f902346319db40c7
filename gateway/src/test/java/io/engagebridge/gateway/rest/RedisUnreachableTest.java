package io.engagebridge.gateway.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.engagebridge.gateway.JwtKeysResource;
import io.engagebridge.gateway.Metrics;
import io.engagebridge.gateway.RedisTestResource;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A gateway configured for a shared Redis that is not there (a closed port): it starts, stays ready, and answers. */
@QuarkusTest
@TestProfile(RedisUnreachableTest.ClosedPort.class)
@WithTestResource(JwtKeysResource.class)
@WithTestResource(value = EngageWireMockResource.class, initArgs = @ResourceArg(name = "property", value = "services.base-url"))
class RedisUnreachableTest extends GatewayTestBase {

    public static class ClosedPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Timeouts are not under test here: a cold first call on a busy machine may take longer than 700 ms.
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + RedisTestResource.freePort(),
                    "quarkus.rest-client.contacts.read-timeout", "5000");
        }
    }

    @Test
    void theGatewayIsReadyWithoutItsRedis() {
        given().baseUri(management.toString()).basePath("").get("health/ready").then().statusCode(200);
    }

    @Test
    void readsAnswerFromTheServiceAndTheCacheFailuresAreCounted() {
        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(okJson("{\"attributes\":{\"firstName\":\"Ann\"}}")));
        double errorsBefore = errors();

        for (int i = 0; i < 3; i++) {
            customer().get("/api/v1/me/profile").then().statusCode(200)
                    .body("attributes.firstName", equalTo("Ann"));
        }

        services.verify(3, getRequestedFor(urlPathEqualTo(CONTACT)));
        assertThat(errors() - errorsBefore).isGreaterThanOrEqualTo(3);
    }

    @Test
    void withNeitherRedisNorTheServiceTheAnswerIs503WithRetryAfter() {
        services.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(503)));
        customer().get("/api/v1/me/profile").then().statusCode(503).header("Retry-After", "30");
    }

    private double errors() {
        return Metrics.sum(metrics(), "gateway_cache_errors_total");
    }
}

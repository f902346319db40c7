package io.engagebridge.gateway.rest;

import static io.restassured.RestAssured.given;

import java.net.URL;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.engagebridge.gateway.Caches;
import io.engagebridge.gateway.JwtKeysResource;
import io.engagebridge.testsupport.InjectEngage;
import io.quarkus.cache.CacheManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.specification.RequestSpecification;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * What every gateway {@code @QuarkusTest} starts from: WireMock standing in for the three services with no stubs and
 * no calls, closed breakers, nothing cached. A test class keeps its own {@code @QuarkusTest}, {@code @TestProfile} and
 * {@code @WithTestResource}s, among them {@code EngageWireMockResource} with
 * {@code property=services.base-url}, which fills {@link #services}.
 */
abstract class GatewayTestBase {

    /** The contact that {@link #customer()} is. */
    static final String ANN = "ann-1";
    /** Where the gateway reads and changes {@link #ANN} in contacts-service. */
    static final String CONTACT = "/contacts-svc/contacts/" + ANN;
    static final String HISTORY = "/transactions-svc/transactions";
    static final String PROMOTIONS = "/promotions-svc/promotions";

    /** The test classes whose {@link #warmUp()} has been made (once each, before its first test). */
    private static final Set<Class<?>> WARM = ConcurrentHashMap.newKeySet();

    @InjectEngage
    WireMockServer services;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    CacheManager caches;

    /** Health and metrics live on the management interface. */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    @BeforeEach
    void startClean() {
        if (WARM.add(getClass())) {
            warmUp();
        }
        services.resetAll();
        breakers.resetAll();
        Caches.empty(caches);
    }

    /**
     * Calls made once per test class, before its first test and before the reset, so that no test counts them: the
     * first call through a fresh gateway builds its REST clients, which on a busy machine can outlast the 700 ms test
     * timeout. None by default.
     */
    void warmUp() {
    }

    static RequestSpecification customer() {
        return given().auth().oauth2(JwtKeysResource.token("customer", ANN));
    }

    static RequestSpecification pos() {
        return given().auth().oauth2(JwtKeysResource.token("pos", null));
    }

    static RequestSpecification ops() {
        return given().auth().oauth2(JwtKeysResource.token("ops", null));
    }

    /** The gateway's Prometheus metrics, as scraped from the management interface. */
    String metrics() {
        return given().baseUri(management.toString()).basePath("").get("metrics").asString();
    }
}

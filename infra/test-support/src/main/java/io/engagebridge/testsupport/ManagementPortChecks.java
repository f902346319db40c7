package io.engagebridge.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Health and metrics answer on the management interface only; the API port serves the API and its OpenAPI. An app's
 * test class extends this with the test resources (or profile) its other tests use, so the running app is reused.
 */
public abstract class ManagementPortChecks {

    /** The readiness check of the reactive datasource: DOWN while the database cannot be reached. */
    protected static final String DATABASE_CHECK = "Reactive PostgreSQL connections health check";
    /** DOWN from SIGTERM on ({@code quarkus.shutdown.delay-enabled}), so no new traffic comes while the app stops. */
    protected static final String SHUTDOWN_CHECK = "Graceful Shutdown";

    /** The management interface's root, {@code http://localhost:<management test port>/q/}. */
    @TestHTTPResource(value = "/", management = true)
    protected URL management;

    /** WireMock standing in for what the app calls (Engage, or the services behind the gateway), when it has one. */
    @InjectEngage
    protected WireMockServer outside;

    /** Readiness checks this app must report (the database's, the shutdown's). */
    protected abstract String[] readinessChecks();

    /** Whether the app publishes metrics (the sandbox does not). */
    protected boolean publishesMetrics() {
        return true;
    }

    /**
     * The app's name in infra/k8s/monitoring/metrics.txt, when the dashboard or the alerts read its metrics; null
     * when they read none (the sandbox).
     */
    protected String monitoredAs() {
        return null;
    }

    /**
     * Does what makes the app create the meters Micrometer creates on first use and metrics.txt lists for it: a
     * request (HTTP server timings), an Engage call (HTTP client timings, breakers), an outbox send.
     */
    protected void useWhatTheDashboardReads() {
    }

    /**
     * A request to a service's API carrying the token of a caller allowed to make it, as in production (the
     * gateway's; an operator's for {@code /ops/...}): {@link DefaultCallerToken} for this service's audience.
     */
    protected static RequestSpecification asAllowedCaller() {
        String audience = ConfigProvider.getConfig().getValues("mp.jwt.verify.audiences", String.class).get(0);
        return given().filter(new DefaultCallerToken(audience));
    }

    @Test
    void exposesEveryMetricTheDashboardAndTheAlertsReadOfIt() {
        assumeTrue(monitoredAs() != null, "neither the dashboard nor the alerts read this app's metrics");
        List<String> listed = MonitoredMetrics.exposedBy(monitoredAs());
        assertFalse(listed.isEmpty(), MonitoredMetrics.FILE + " lists no metric for " + monitoredAs());
        useWhatTheDashboardReads();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String scrape = given().get(management + "metrics").then().statusCode(200).extract().asString();
            Set<String> exposed = MonitoredMetrics.names(scrape);
            assertEquals(List.of(), listed.stream().filter(metric -> !exposed.contains(metric)).toList(),
                    "metrics " + MonitoredMetrics.FILE + " lists for " + monitoredAs() + " but its /q/metrics lacks");
            assertTrue(Pattern.compile("(?m)^app_ready 1\\.0$").matcher(scrape).find(),
                    "app_ready is 1 while the app is ready");
        });
    }

    @Test
    void healthAndMetricsAnswerOnTheManagementPort() {
        health("live").statusCode(200).body("status", equalTo("UP"));
        health("started").statusCode(200).body("status", equalTo("UP"));
        ValidatableResponse ready = health("ready").statusCode(200).body("status", equalTo("UP"));
        for (String check : readinessChecks()) {
            ready.body("checks.name", hasItem(check));
        }
        if (publishesMetrics()) {
            given().get(management + "metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        }
    }

    @Test
    void theApiPortServesNeitherHealthNorMetricsButServesOpenApi() {
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/health/live").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/openapi").then().statusCode(200);
        given().get(management + "openapi").then().statusCode(404);
    }

    /** Engage (or a service behind the gateway) being down must neither restart pods nor take them out of service. */
    @Test
    void livenessAndReadinessDoNotDependOnWhatTheAppCalls() {
        assumeTrue(outside != null, "this app calls nothing outside");
        outside.resetAll();
        outside.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
        try {
            health("live").statusCode(200).body("status", equalTo("UP"));
            health("ready").statusCode(200).body("status", equalTo("UP"));
            outside.verify(0, anyRequestedFor(anyUrl()));
        } finally {
            outside.resetAll();
        }
    }

    protected ValidatableResponse health(String group) {
        return given().get(management + "health/" + group).then();
    }
}

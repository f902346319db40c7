package io.engagebridge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * What every service test starts from: WireMock as Engage with no stubs, closed breakers, and its own tables and
 * outbox empty; every RestAssured call carries a valid token of a caller allowed to make it ({@link DefaultCallerToken}).
 * A test class also carries {@code @WithTestResource} for {@link EngageWireMockResource}, {@link PostgresTestResource}
 * and {@link ServiceKeysResource}.
 */
public abstract class ServiceTestBase {

    @InjectEngage
    protected WireMockServer engage;

    @Inject
    protected Pool pool;

    @Inject
    CircuitBreakerMaintenance breakers;

    /** The management interface, {@code http://localhost:<management test port>/q/}. */
    @TestHTTPResource(value = "/", management = true)
    protected URL management;

    private DefaultCallerToken callerToken;

    /** The service's own tables, emptied before each test (the outbox always is). */
    protected abstract String[] ownTables();

    @BeforeEach
    void cleanSlate() {
        engage.resetAll();
        breakers.resetAll();
        TestDatabase.clean(pool, ownTables());
        callerToken = new DefaultCallerToken(audience());
        RestAssured.filters(callerToken);
    }

    @AfterEach
    void noCallerToken() {
        RestAssured.replaceFiltersWith(RestAssured.filters().stream().filter(f -> f != callerToken).toList());
    }

    /** This service's name: the audience its callers' tokens must name (the first of {@code mp.jwt.verify.audiences}). */
    protected static String audience() {
        return ConfigProvider.getConfig().getValues("mp.jwt.verify.audiences", String.class).get(0);
    }

    /**
     * A URL on the management port, where health, metrics and the outbox's ops endpoints are:
     * {@code onManagementPort("/ops/outbox")}. The default token goes with it as with any call.
     */
    protected String onManagementPort(String path) {
        return URI.create(management.toString()).resolve(path).toString();
    }

    /** A request without the token every call carries by default. */
    protected static RequestSpecification withoutDefaultToken() {
        return RestAssured.given().noFiltersOfType(DefaultCallerToken.class);
    }

    /**
     * After {@code what}: nothing in the service's own tables, nothing in its outbox, no request to Engage. Whatever
     * was left is cleared first, so the next check starts from nothing either way.
     */
    protected void nothingStoredQueuedOrSent(String what) {
        StringBuilder rows = new StringBuilder("select (select count(*) from outbox_message)");
        for (String table : ownTables()) {
            rows.append(", (select count(*) from ").append(table).append(")");
        }
        Row counts = pool.query(rows.toString()).execute().await().atMost(Duration.ofSeconds(30)).iterator().next();
        long queued = counts.getLong(0);
        long stored = 0;
        for (int i = 1; i < counts.size(); i++) {
            stored += counts.getLong(i);
        }
        int sent = engage.getAllServeEvents().size();
        if (stored + queued > 0) {
            TestDatabase.clean(pool, ownTables());
        }
        assertThat(sent).as("requests to Engage after %s", what).isZero();
        assertThat(queued).as("outbox messages after %s", what).isZero();
        assertThat(stored).as("rows in %s after %s", String.join(", ", ownTables()), what).isZero();
    }

    protected long count(String sql, Object... args) {
        return TestDatabase.count(pool, sql, args);
    }

    /** Makes every waiting outbox message due now, as if its backoff had passed. */
    protected void timePasses() {
        TestDatabase.timePasses(pool);
    }
}

package io.engagebridge.testsupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * What every service test starts from: WireMock as Engage with no stubs, closed breakers, and its own tables and
 * outbox empty. A test class also carries {@code @WithTestResource} for {@link EngageWireMockResource} and
 * {@link PostgresTestResource}.
 */
public abstract class ServiceTestBase {

    @InjectEngage
    protected WireMockServer engage;

    @Inject
    protected Pool pool;

    @Inject
    CircuitBreakerMaintenance breakers;

    /** The service's own tables, emptied before each test (the outbox always is). */
    protected abstract String[] ownTables();

    @BeforeEach
    void cleanSlate() {
        engage.resetAll();
        breakers.resetAll();
        TestDatabase.clean(pool, ownTables());
    }

    protected long count(String sql, Object... args) {
        return TestDatabase.count(pool, sql, args);
    }

    /** Makes every waiting outbox message due now, as if its backoff had passed. */
    protected void timePasses() {
        TestDatabase.timePasses(pool);
    }
}

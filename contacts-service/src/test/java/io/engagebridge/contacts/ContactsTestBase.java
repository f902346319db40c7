package io.engagebridge.contacts;

import static io.restassured.RestAssured.given;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.engagebridge.outbox.OutboxJobs;
import io.engagebridge.testsupport.EngageStubs;
import io.engagebridge.testsupport.InjectEngage;
import io.engagebridge.testsupport.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;

/** What every contacts test needs: WireMock as Engage, a clean database, a closed breaker, and the relay at hand. */
public abstract class ContactsTestBase {

    protected static final Duration WAIT = Duration.ofSeconds(30);
    protected static final String ANN_ID = "4f3b2a10-0000-4000-8000-00000000a001";

    @InjectEngage
    protected WireMockServer engage;

    @Inject
    protected Pool pool;

    @Inject
    protected OutboxJobs outbox;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void cleanSlate() {
        engage.resetAll();
        breakers.resetAll();
        TestDatabase.clean(pool, "contact_key", "contact_snapshot");
    }

    protected ValidatableResponse identify(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/contacts/identify").then();
    }

    /** Runs the relay until nothing is due. */
    protected void drainOutbox() {
        TestDatabase.drain(outbox.relay()::drainOnce);
    }

    protected void timePasses() {
        TestDatabase.timePasses(pool);
    }

    protected long count(String sql, Object... args) {
        return TestDatabase.count(pool, sql, args);
    }

    protected static ResponseDefinitionBuilder json(int status, String body) {
        return EngageStubs.json(status, body);
    }

    protected static ResponseDefinitionBuilder engageError(int status, String code) {
        return EngageStubs.engageError(status, code);
    }
}

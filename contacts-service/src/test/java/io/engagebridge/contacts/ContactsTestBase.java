package io.engagebridge.contacts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.restassured.RestAssured.given;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.engagebridge.outbox.OutboxJobs;
import io.engagebridge.testsupport.InjectEngage;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

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
        pool.query("delete from contact_key").execute().await().atMost(WAIT);
        pool.query("delete from contact_snapshot").execute().await().atMost(WAIT);
        pool.query("delete from outbox_message").execute().await().atMost(WAIT);
        pool.query("update outbox_rate_limit set tat = now()").execute().await().atMost(WAIT);
    }

    protected ValidatableResponse identify(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/contacts/identify").then();
    }

    /** Runs the relay until nothing is due. */
    protected void drainOutbox() {
        while (outbox.relay().drainOnce().await().atMost(WAIT) > 0) {
            // keep draining
        }
    }

    /** Makes every waiting message due now, as if its backoff had passed. */
    protected void timePasses() {
        pool.query("update outbox_message set next_attempt_at = now() where status = 'PENDING'").execute()
                .await().atMost(WAIT);
    }

    protected long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    protected static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    protected static ResponseDefinitionBuilder engageError(int status, String code) {
        return json(status, "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + code + "\"}]}");
    }
}

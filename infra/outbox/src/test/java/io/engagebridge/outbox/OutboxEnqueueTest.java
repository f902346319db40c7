package io.engagebridge.outbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.engagebridge.testsupport.PostgresTestResource;
import io.engagebridge.testsupport.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "outbox_test"))
class OutboxEnqueueTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    TestOrders orders;

    @Inject
    OutboxJobs jobs;

    @Inject
    RecordingHandler handler;

    @BeforeEach
    void clean() {
        TestDatabase.clean(pool, "test_order");
        handler.reset();
    }

    @Test
    @RunOnVertxContext
    void theMessageCommitsWithTheBusinessRow(UniAsserter asserter) {
        asserter.execute(() -> orders.place("order-1", false));
        asserter.assertEquals(() -> count("select count(*) from outbox_message where message_key = 'order-1'"), 1L);
        asserter.assertEquals(() -> count("select count(*) from test_order where reference = 'order-1'"), 1L);
        asserter.assertEquals(() -> count("select count(*) from outbox_message where payload->>'reference' = 'order-1'"),
                1L);
    }

    @Test
    @RunOnVertxContext
    void theMessageRollsBackWithTheBusinessRow(UniAsserter asserter) {
        asserter.assertFailedWith(() -> orders.place("order-2", true), IllegalStateException.class);
        asserter.assertEquals(() -> count("select count(*) from outbox_message"), 0L);
        asserter.assertEquals(() -> count("select count(*) from test_order"), 0L);
    }

    @Test
    void opsEndpointShowsFiguresListsDeadAndRedrives() {
        pool.query("insert into outbox_message (kind, message_key, payload) values ('test.send', 'k1', '{}'),"
                + " ('test.send', 'k2', '{}')").execute().await().atMost(WAIT);
        handler.behave(m -> m.key().equals("k1")
                ? Uni.createFrom().failure(TestDestination.error(422, "Invalid: bad data"))
                : Uni.createFrom().voidItem());
        jobs.relay().drainOnce().await().atMost(WAIT);

        given().when().get("/ops/outbox").then().statusCode(200)
                .body("pending", equalTo(0)).body("dead", equalTo(1)).body("done", equalTo(1));
        long deadId = given().when().get("/ops/outbox/dead").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].lastError", equalTo("Rejected: 422 Invalid: bad data"))
                .extract().jsonPath().getLong("[0].id");

        given().when().post("/ops/outbox/dead/" + deadId + "/redrive").then().statusCode(204);
        given().when().post("/ops/outbox/dead/" + deadId + "/redrive").then().statusCode(404)
                .contentType("application/problem+json");
        given().when().get("/ops/outbox").then().body("pending", equalTo(1)).body("dead", equalTo(0));
        assertThat(handler.calls()).hasSize(2);
    }

    @Test
    void aDeadMessageIsNotRedrivenOverANewerOneOfTheSameKey() {
        pool.query("insert into outbox_message (kind, message_key, payload) values ('test.send', 'contact:c1', '{\"n\":1}')")
                .execute().await().atMost(WAIT);
        handler.behave(m -> Uni.createFrom().failure(TestDestination.error(422, "Invalid: bad data")));
        jobs.relay().drainOnce().await().atMost(WAIT);
        long deadId = given().get("/ops/outbox/dead").then().statusCode(200).extract().jsonPath().getLong("[0].id");
        pool.query("insert into outbox_message (kind, message_key, payload) values ('test.send', 'contact:c1', '{\"n\":2}')")
                .execute().await().atMost(WAIT);

        given().when().post("/ops/outbox/dead/" + deadId + "/redrive").then().statusCode(409)
                .contentType("application/problem+json").body("title", equalTo("Superseded"));
        given().when().get("/ops/outbox").then().body("dead", equalTo(1)).body("pending", equalTo(1));
    }

    private Uni<Long> count(String sql) {
        return pool.query(sql).execute().map(rows -> rows.iterator().next().getLong(0));
    }
}

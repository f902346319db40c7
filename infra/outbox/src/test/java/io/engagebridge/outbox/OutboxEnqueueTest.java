package io.engagebridge.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

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

    @Inject
    OutboxOps ops;

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
    @RunOnVertxContext
    void manyRowsAreStoredWithTheirMessagesByOneStatement(UniAsserter asserter) {
        asserter.execute(() -> orders.place("order-0", false));
        asserter.assertEquals(() -> orders.placeAll(List.of("order-0", "order-1", "order-2")), 2);
        asserter.assertEquals(() -> count("select count(*) from outbox_message where message_key = payload->>'reference'"
                + " and message_key in ('order-1', 'order-2')"), 2L);
        asserter.assertEquals(() -> count("select count(*) from outbox_message where message_key = 'order-0'"), 1L);
        asserter.assertEquals(() -> count("select count(distinct xmin::text) from outbox_message"
                + " where message_key in ('order-1', 'order-2')"), 1L);
        asserter.assertEquals(() -> count("select count(*) from test_order"), 3L);
    }

    /** What the ops endpoints answer (infra/outbox-ops serves them; its tests check them over HTTP). */
    @Test
    void opsShowFiguresListDeadAndRedrive() {
        pool.query("insert into outbox_message (kind, message_key, payload) values ('test.send', 'k1', '{}'),"
                + " ('test.send', 'k2', '{}')").execute().await().atMost(WAIT);
        handler.behave(m -> m.key().equals("k1")
                ? Uni.createFrom().failure(TestDestination.error(422, "Invalid: bad data"))
                : Uni.createFrom().voidItem());
        jobs.relay().drainOnce().await().atMost(WAIT);

        OutboxOps.Overview figures = ops.overview().await().atMost(WAIT);
        assertThat(figures.pending()).isZero();
        assertThat(figures.dead()).isEqualTo(1);
        assertThat(figures.done()).isEqualTo(1);
        assertThat(figures.engage().reachable()).isTrue();
        List<OutboxOps.DeadMessage> dead = ops.dead(100).await().atMost(WAIT);
        assertThat(dead).singleElement().satisfies(message -> {
            assertThat(message.key()).isEqualTo("k1");
            assertThat(message.lastError()).isEqualTo("Rejected: 422 Invalid: bad data");
        });
        long deadId = dead.get(0).id();

        assertThat(ops.redrive(deadId).await().atMost(WAIT).outcome()).isEqualTo(OutboxOps.Redrive.Outcome.REQUEUED);
        assertThat(ops.redrive(deadId).await().atMost(WAIT).outcome()).isEqualTo(OutboxOps.Redrive.Outcome.NOT_FOUND);
        figures = ops.overview().await().atMost(WAIT);
        assertThat(figures.pending()).isEqualTo(1);
        assertThat(figures.dead()).isZero();
        assertThat(handler.calls()).hasSize(2);
    }

    @Test
    void aDeadMessageIsNotRedrivenOverANewerOneOfTheSameKey() {
        pool.query("insert into outbox_message (kind, message_key, payload) values ('test.send', 'contact:c1', '{\"n\":1}')")
                .execute().await().atMost(WAIT);
        handler.behave(m -> Uni.createFrom().failure(TestDestination.error(422, "Invalid: bad data")));
        jobs.relay().drainOnce().await().atMost(WAIT);
        long deadId = ops.dead(100).await().atMost(WAIT).get(0).id();
        pool.query("insert into outbox_message (kind, message_key, payload) values ('test.send', 'contact:c1', '{\"n\":2}')")
                .execute().await().atMost(WAIT);

        OutboxOps.Redrive redrive = ops.redrive(deadId).await().atMost(WAIT);
        assertThat(redrive.outcome()).isEqualTo(OutboxOps.Redrive.Outcome.SUPERSEDED);
        assertThat(redrive.newerId()).isGreaterThan(deadId);
        OutboxOps.Overview figures = ops.overview().await().atMost(WAIT);
        assertThat(figures.dead()).isEqualTo(1);
        assertThat(figures.pending()).isEqualTo(1);
    }

    private Uni<Long> count(String sql) {
        return pool.query(sql).execute().map(rows -> rows.iterator().next().getLong(0));
    }
}

package io.engagebridge.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.engagebridge.testsupport.PostgresTestResource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.engagebridge.testsupport.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Engage down as a whole: after consecutive failures across messages the relays send only probes, charge waiting
 * messages nothing, and drain everything at once, in key order, on the first answer; replicas agree through the
 * database. (outbox.outage.threshold is 5 here, the default.)
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "outbox_test"))
class OutboxOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Uni<Void> DOWN = Uni.createFrom().failure(
            TestDestination.error(503, "Service Unavailable"));

    @Inject
    Pool pool;

    @Inject
    OutboxStore store;

    @Inject
    Outbox outbox;

    @Inject
    OutboxOps ops;

    @Inject
    TestDestination.Reader failures;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    @Inject
    OutboxConfig config;

    @Inject
    DestinationHealth health;

    @Inject
    io.vertx.core.Vertx vertx;

    @Inject
    RecordingHandler handler;

    @BeforeEach
    void reachableAndEmpty() {
        TestDatabase.clean(pool);
        handler.reset();
        health.read().await().atMost(WAIT);
    }

    @Test
    void consecutiveFailuresAcrossMessagesStartAnOutageAndThenOnlyProbesGoOut() {
        handler.behave(m -> DOWN);
        OutboxRelay relay = relay("relay", health);
        enqueue(5, i -> "first-" + i);

        relay.drainOnce().await().atMost(WAIT);
        assertThat(health.read().await().atMost(WAIT).down()).isTrue();
        List<Long> waiting = enqueue(10, i -> "waiting-" + i);
        TestDatabase.timePasses(pool);
        pool.query("update outbox_destination set next_probe_at = now() + interval '1 hour'").execute().await().atMost(WAIT);

        assertThat(relay.drainOnce().await().atMost(WAIT)).as("nothing but a due probe is claimed").isZero();
        assertThat(handler.calls()).hasSize(5);

        TestDatabase.probeIsDue(pool);
        assertThat(relay.drainOnce().await().atMost(WAIT)).as("one probe").isEqualTo(1);
        assertThat(relay.drainOnce().await().atMost(WAIT)).as("the next probe is not due yet").isZero();
        assertThat(handler.calls()).hasSize(6);
        assertThat(attempts()).as("charged: the five sent before, and the probe (it may have reached Engage)")
                .isEqualTo(6);
        assertThat(waiting.stream().map(this::attemptsOf).toList()).allMatch(n -> n == 0);
        assertThat(health.read().await().atMost(WAIT).probes()).isEqualTo(1);
    }

    @Test
    void theFirstAnswerEndsTheOutageAndTheBacklogIsDueAtOnceInKeyOrder() {
        handler.behave(m -> DOWN);
        OutboxRelay relay = relay("relay", health);
        enqueue(5, i -> "first-" + i);
        relay.drainOnce().await().atMost(WAIT);
        List<Long> ordered = enqueue(4, i -> "customer-1");
        enqueue(3, i -> "other-" + i);
        handler.behave(m -> Uni.createFrom().voidItem());

        TestDatabase.probeIsDue(pool);
        TestDatabase.drain(relay::drainOnce);

        assertThat(health.read().await().atMost(WAIT).down()).isFalse();
        assertThat(count("select count(*) from outbox_message where status = 'DONE'"))
                .as("all of it, the five that failed first included, without waiting out their backoff").isEqualTo(12);
        assertThat(handler.calls().stream().filter(c -> c.key().equals("customer-1")).map(RecordingHandler.Call::id))
                .containsExactlyElementsOf(ordered);
    }

    @Test
    void twoReplicasAgreeThroughTheDatabaseAndOnlyOneOfThemProbes() {
        handler.behave(m -> DOWN);
        OutboxRelay a = relay("relay-a", health);
        DestinationHealth otherReplica = new DestinationHealth(pool, config, new SimpleMeterRegistry());
        OutboxRelay b = relay("relay-b", otherReplica);
        enqueue(5, i -> "first-" + i);
        a.drainOnce().await().atMost(WAIT);
        enqueue(20, i -> "waiting-" + i);
        TestDatabase.timePasses(pool);

        List<Integer> claimed = new ArrayList<>();
        CompletableFuture<Integer> fromA = CompletableFuture.supplyAsync(() -> a.drainOnce().await().atMost(WAIT));
        CompletableFuture<Integer> fromB = CompletableFuture.supplyAsync(() -> b.drainOnce().await().atMost(WAIT));
        claimed.add(fromA.join());
        claimed.add(fromB.join());

        assertThat(claimed).as("one probe between them").containsExactlyInAnyOrder(0, 1);
        assertThat(otherReplica.isDown()).isTrue();
        assertThat(handler.calls()).hasSize(6);
    }

    @Test
    void answersEvenUnwelcomeOnesAreNotAnOutageAndAMessageFailingAloneKeepsItsBackoff() {
        List<Long> ids = enqueue(12, i -> "key-" + i);
        long failing = ids.get(0);
        handler.behave(m -> m.id() == failing ? DOWN
                : m.id() % 2 == 0 ? Uni.createFrom().failure(TestDestination.error(400, "Invalid: bad"))
                        : Uni.createFrom().voidItem());
        OutboxRelay relay = relay("relay", health);

        for (int round = 0; round < 4; round++) {
            relay.drainOnce().await().atMost(WAIT);
            pool.preparedQuery("update outbox_message set next_attempt_at = now() where id = $1")
                    .execute(Tuple.of(failing)).await().atMost(WAIT);
            enqueue(4, i -> "more-" + i + "-" + System.nanoTime());
        }

        assertThat(health.read().await().atMost(WAIT).down()).isFalse();
        assertThat(attemptsOf(failing)).as("charged every time: it fails alone").isEqualTo(4);
    }

    @Test
    void failuresThatDidNotComeFromTheDestinationAreNoOutage() {
        handler.behave(m -> Uni.createFrom().failure(new IllegalStateException("a bug in the handler")));
        enqueue(8, i -> "buggy-" + i);

        relay("relay", health).drainOnce().await().atMost(WAIT);

        assertThat(health.read().await().atMost(WAIT).down()).isFalse();
        assertThat(health.read().await().atMost(WAIT).consecutiveFailures()).isZero();
    }

    private OutboxRelay relay(String owner, DestinationHealth replicaHealth) {
        return new OutboxRelay(owner, store, replicaHealth, List.of(handler), failures, json, config, new SimpleMeterRegistry(), vertx);
    }

    private List<Long> enqueue(int count, java.util.function.IntFunction<String> key) {
        return RecordingHandler.enqueue(outbox, pool, count, key);
    }

    private long attempts() {
        return count("select coalesce(sum(attempts), 0) from outbox_message");
    }

    private int attemptsOf(long id) {
        return (int) count("select attempts from outbox_message where id = $1", id);
    }

    private long count(String sql, Object... args) {
        return TestDatabase.count(pool, sql, args);
    }
}

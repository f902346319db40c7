package io.engagebridge.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

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

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "outbox_test"))
class OutboxRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

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
    io.vertx.core.Vertx vertx;

    @Inject
    OutboxConfig config;

    @Inject
    DestinationHealth health;

    @Inject
    RecordingHandler handler;

    @Inject
    BulkRecordingHandler bulkHandler;

    @BeforeEach
    void emptyOutbox() {
        TestDatabase.clean(pool);
        handler.reset();
        bulkHandler.reset();
    }

    @Test
    void twoRelaysDrainingOneTableSendEveryMessageExactlyOnce() {
        List<Long> ids = enqueue(300, i -> "key-" + i);
        OutboxRelay a = relay("relay-a", config);
        OutboxRelay b = relay("relay-b", config);

        CompletableFuture<Void> first = drainUntilEmpty(a);
        CompletableFuture<Void> second = drainUntilEmpty(b);
        CompletableFuture.allOf(first, second).join();

        Map<Long, Long> sendsPerMessage = handler.calls().stream()
                .collect(Collectors.groupingBy(RecordingHandler.Call::id, Collectors.counting()));
        assertThat(sendsPerMessage).hasSize(ids.size());
        assertThat(sendsPerMessage.values()).allMatch(n -> n == 1L);
        assertThat(stats().done()).isEqualTo(300);
        assertThat(stats().pending()).isZero();
    }

    @Test
    void aClaimWhoseLeaseExpiredIsTakenOverAndTheDeadOwnerCannotFinishIt() {
        long id = enqueue(1, i -> "key-lease").get(0);
        // A replica claims with a short lease and dies before sending.
        List<ClaimedMessage> claimed = store.claim("dead-replica", 10, Duration.ofMillis(300)).await().atMost(WAIT);
        assertThat(claimed).extracting(ClaimedMessage::id).containsExactly(id);

        OutboxRelay survivor = relay("survivor", config);
        assertThat(survivor.drainOnce().await().atMost(WAIT)).as("leased, not yet expired").isZero();

        await().atMost(WAIT).until(() -> survivor.drainOnce().await().atMost(WAIT) == 1);
        assertThat(handler.calls()).extracting(RecordingHandler.Call::id).containsExactly(id);
        assertThat(store.markDone(id, "dead-replica").await().atMost(WAIT)).as("stale owner").isFalse();
        assertThat(state(id).status()).isEqualTo("DONE");
        assertThat(state(id).attempts()).isEqualTo(2);
    }

    @Test
    void messagesOfOneKeyLeaveInOrderWhileAFailingKeyHoldsBackOnlyItself() {
        List<Long> ordered = enqueue(5, i -> "customer-1");
        List<Long> failing = enqueue(3, i -> "customer-2");
        long firstFailing = failing.get(0);
        handler.behave(m -> m.id() == firstFailing
                ? Uni.createFrom().failure(TestDestination.error(503, "down"))
                : Uni.createFrom().voidItem());
        OutboxRelay relay = relay("relay", config);

        for (int i = 0; i < 6; i++) {
            relay.drainOnce().await().atMost(WAIT);
        }

        List<Long> sentOfKey1 = handler.calls().stream().filter(c -> c.key().equals("customer-1"))
                .map(RecordingHandler.Call::id).toList();
        assertThat(sentOfKey1).containsExactlyElementsOf(ordered);
        assertThat(handler.calls()).filteredOn(c -> c.key().equals("customer-2"))
                .extracting(RecordingHandler.Call::id).containsExactly(firstFailing);
        assertThat(state(failing.get(1)).status()).isEqualTo("PENDING");
        assertThat(state(failing.get(1)).attempts()).isZero();
    }

    @Test
    void retriesFollowTheEscalatingSchedule() {
        long id = enqueue(1, i -> "key-backoff").get(0);
        handler.behave(m -> Uni.createFrom().failure(TestDestination.error(504, "timeout")));
        OutboxRelay relay = relay("relay", config);
        List<Long> waits = new ArrayList<>();

        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThat(relay.drainOnce().await().atMost(WAIT)).isEqualTo(1);
            MessageStateView s = state(id);
            waits.add(Math.round(Duration.between(OffsetDateTime.now(), s.nextAttemptAt()).toMillis() / 1000.0));
            assertThat(relay.drainOnce().await().atMost(WAIT)).as("not due yet").isZero();
            makeDue(id);
        }

        assertThat(waits).containsExactly(10L, 30L, 60L, 300L);
        assertThat(state(id).lastError()).contains("504");
    }

    @Test
    void aRejectedMessageEndsDeadWithTheReasonAndCanBeRedriven() {
        long id = enqueue(1, i -> "key-dead").get(0);
        handler.behave(m -> Uni.createFrom().failure(
                TestDestination.error(400, "InvalidStore: Unknown store S9")));
        OutboxRelay relay = relay("relay", config);

        relay.drainOnce().await().atMost(WAIT);

        assertThat(state(id).status()).isEqualTo("DEAD");
        assertThat(state(id).lastError()).contains("400 InvalidStore: Unknown store S9");
        assertThat(ops.dead(10).await().atMost(WAIT)).extracting(OutboxOps.DeadMessage::id).containsExactly(id);
        assertThat(handler.calls()).hasSize(1);

        handler.reset();
        assertThat(ops.redrive(id).await().atMost(WAIT).outcome()).isEqualTo(OutboxOps.Redrive.Outcome.REQUEUED);
        relay.drainOnce().await().atMost(WAIT);
        assertThat(state(id).status()).isEqualTo("DONE");
    }

    @Test
    void givesUpAsDeadAfterTooManyAttempts() {
        long id = enqueue(1, i -> "key-give-up").get(0);
        handler.behave(m -> Uni.createFrom().failure(
                TestDestination.error(401, "key refused")));
        OutboxRelay relay = relay("relay", config);

        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            relay.drainOnce().await().atMost(WAIT);
            makeDue(id);
        }

        assertThat(handler.calls()).hasSize(config.maxAttempts());
        assertThat(state(id).status()).isEqualTo("DEAD");
        assertThat(state(id).lastError()).startsWith("Gave up after 5 attempts");
    }

    @Test
    void aRateLimitedMessageWaitsAtLeastRetryAfter() {
        long id = enqueue(1, i -> "key-429").get(0);
        handler.behave(m -> Uni.createFrom().failure(
                TestDestination.tooManyRequests(Duration.ofSeconds(40))));
        OutboxRelay relay = relay("relay", config);

        relay.drainOnce().await().atMost(WAIT);

        long waitSeconds = Duration.between(OffsetDateTime.now(), state(id).nextAttemptAt()).toSeconds();
        assertThat(waitSeconds).isBetween(38L, 40L);
        assertThat(state(id).lastError()).contains("429");
    }

    @Test
    void handlersRunAsRelayWorkSoTheirClientsCanYieldToLiveCalls() {
        enqueue(3, i -> "key-background-" + i);
        List<Boolean> background = new java.util.concurrent.CopyOnWriteArrayList<>();
        handler.behave(m -> {
            background.add(RelayWork.isCurrent());
            return Uni.createFrom().voidItem();
        });

        relay("relay", config).drainOnce().await().atMost(WAIT);

        assertThat(background).containsExactly(true, true, true);
        assertThat(RelayWork.isCurrent()).as("outside the relay").isFalse();
    }

    @Test
    void aPayloadThatCannotBeReadAsItsKindsTypeIsDeadWithoutReachingTheHandler() {
        long bad = count("insert into outbox_message (kind, message_key, payload)"
                + " values ('test.send', 'key-unreadable', '{\"n\":\"not a number\"}') returning id");
        long good = enqueue(1, i -> "key-readable").get(0);

        relay("relay", config).drainOnce().await().atMost(WAIT);

        assertThat(state(bad).status()).isEqualTo("DEAD");
        assertThat(state(bad).lastError()).startsWith("Unreadable test.send payload: ");
        assertThat(handler.calls()).extracting(RecordingHandler.Call::id).containsExactly(good);
    }

    @Test
    void retryLaterWaitsWithoutUsingAnAttempt() {
        long id = enqueue(1, i -> "key-later").get(0);
        handler.behave(m -> Uni.createFrom().failure(SendFailed.notYet("contact not created yet", Duration.ofSeconds(20))));

        relay("relay", config).drainOnce().await().atMost(WAIT);

        assertThat(state(id).attempts()).isZero();
        assertThat(state(id).status()).isEqualTo("PENDING");
        assertThat(state(id).lastError()).isEqualTo("contact not created yet");
    }

    @Test
    void oneDrainSendsACustomersWholeQueueInOrderNotOneChangePerTick() {
        List<Long> ordered = enqueue(30, i -> "one-busy-customer");

        relay("relay", config).drain().await().atMost(WAIT);

        assertThat(handler.calls()).extracting(RecordingHandler.Call::id).containsExactlyElementsOf(ordered);
    }

    @Test
    void aReplicaGoingAwayRecordsWhatItSentAndHandsTheRestBackAtOnce() {
        enqueue(100, i -> "key-leaving-" + i);
        CompletableFuture<Void> engageAnswers = new CompletableFuture<>();
        handler.behave(m -> Uni.createFrom().completionStage(engageAnswers));
        OutboxRelay leaving = relay("leaving", config);
        CompletableFuture<Void> drain = leaving.drain().subscribeAsCompletionStage();
        await().atMost(WAIT).until(() -> leaving.inFlight() == config.concurrency());

        leaving.stop();
        engageAnswers.complete(null);
        drain.join();

        assertThat(stats().done()).as("sent before it stopped, and recorded").isEqualTo(config.concurrency());
        assertThat(leaving.drainOnce().await().atMost(WAIT)).as("claims nothing more").isZero();
        assertThat(count("select count(*) from outbox_message where lease_owner is not null"))
                .as("the rest of its one batch handed back as each came up, no further claims").isZero();
        assertThat(leaving.releaseClaims().await().atMost(WAIT)).isZero();
        handler.behave(m -> Uni.createFrom().voidItem());
        OutboxRelay staying = relay("staying", config);
        staying.drain().await().atMost(WAIT);
        assertThat(stats().done()).as("at once, no lease to wait out").isEqualTo(100);
        assertThat(handler.calls().stream().collect(Collectors.groupingBy(RecordingHandler.Call::id,
                Collectors.counting())).values()).hasSize(100).allMatch(n -> n == 1L);
        assertThat(count("select max(attempts) from outbox_message")).as("a handed-back claim costs no attempt")
                .isEqualTo(1);
    }

    @Test
    void doneMessagesAreDeletedAfterTheRetentionAndNothingElseIs() {
        List<Long> ids = enqueue(3, i -> "key-retention-" + i);
        relay("relay", config).drainOnce().await().atMost(WAIT);
        enqueue(1, i -> "still-pending");
        pool.preparedQuery("update outbox_message set updated_at = now() - interval '8 days' where id = $1")
                .execute(Tuple.of(ids.get(0))).await().atMost(WAIT);

        assertThat(store.deleteDoneOlderThan(config.retention()).await().atMost(WAIT)).isEqualTo(1);

        assertThat(count("select count(*) from outbox_message where id = " + ids.get(0))).isZero();
        assertThat(stats().done()).isEqualTo(2);
        assertThat(stats().pending()).isEqualTo(1);
    }

    @Test
    void bulkKindsGoOutInChunksOfAtMostTheirBulkSize() {
        for (int i = 0; i < 120; i++) {
            outbox.enqueue(pool, BulkRecordingHandler.KIND, "bulk-" + i, TestPayload.numbered(i)).await().atMost(WAIT);
        }
        enqueue(3, i -> "single-" + i);
        OutboxRelay relay = new OutboxRelay("relay", store, health, List.of(handler, bulkHandler), failures, json, config,
                new SimpleMeterRegistry(), vertx);

        drainUntilEmpty(relay).join();

        assertThat(bulkHandler.requests()).containsExactly(50, 50, 20);
        assertThat(handler.calls()).hasSize(3);
        assertThat(stats().done()).isEqualTo(123);
    }

    private CompletableFuture<Void> drainUntilEmpty(OutboxRelay relay) {
        return CompletableFuture.runAsync(() -> {
            int idle = 0;
            while (idle < 3) {
                idle = relay.drainOnce().await().atMost(WAIT) == 0 ? idle + 1 : 0;
            }
        });
    }

    private OutboxRelay relay(String owner, OutboxConfig relayConfig) {
        return new OutboxRelay(owner, store, health, List.of(handler), failures, json, relayConfig, new SimpleMeterRegistry(), vertx);
    }

    private List<Long> enqueue(int count, java.util.function.IntFunction<String> key) {
        return RecordingHandler.enqueue(outbox, pool, count, key);
    }

    private void makeDue(long id) {
        pool.preparedQuery("update outbox_message set next_attempt_at = now() where id = $1")
                .execute(Tuple.of(id)).await().atMost(WAIT);
    }

    private long count(String sql) {
        return TestDatabase.count(pool, sql);
    }

    private OutboxOps.Stats stats() {
        return ops.stats().await().atMost(WAIT);
    }

    private MessageStateView state(long id) {
        var row = pool.preparedQuery("select status, attempts, last_error, next_attempt_at from outbox_message where id = $1")
                .execute(Tuple.of(id)).await().atMost(WAIT).iterator().next();
        return new MessageStateView(row.getString("status"), row.getInteger("attempts"), row.getString("last_error"),
                row.getOffsetDateTime("next_attempt_at"));
    }

    private record MessageStateView(String status, int attempts, String lastError, OffsetDateTime nextAttemptAt) {
    }
}

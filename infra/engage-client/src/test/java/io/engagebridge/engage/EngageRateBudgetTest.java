package io.engagebridge.engage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.engagebridge.testsupport.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The API key's rate budget, with budgets small enough to see: several services (instances) of one key together,
 * live calls ahead of the relays' backlog, and each service's share when the shared budget database is away.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "engage_budget_test"))
class EngageRateBudgetTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BACKGROUND = "test.background";
    private static final String UNREACHABLE = "postgresql://127.0.0.1:9/nowhere";
    /**
     * Times are taken where the test sees each slot come, on a loaded 2-core machine: one request of slack for that.
     * The budget's own guarantee is measured where Engage counts, by infra/scripts/bench/key-budget.sh.
     */
    private static final int JITTER = 1;

    private final AtomicInteger slotsTaken = new AtomicInteger();

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    EngageConfig engage;

    @Test
    void twoServicesOfOneKeyTogetherStayWithinItsBudget() {
        String key = "key-two-services";
        EngageRateBudget contacts = budget(key, 20, 0.5, Optional.of(sharedUrl()));
        EngageRateBudget transactions = budget(key, 20, 0.5, Optional.of(sharedUrl()));

        List<Long> slots = takeSlots(70, i -> i % 2 == 0 ? contacts : transactions, true);

        assertThat(busiestSecond(slots)).as("requests in any 1 s window").isLessThanOrEqualTo(20 + JITTER);
        assertThat(rate(slots)).as("requests per second overall (a sanity bound: bench/key-budget.sh measures it)")
                .isBetween(0.7 * 20, 1.0 * 20);
    }

    @Test
    void liveCallsGoBeforeTheRelaysBacklog() {
        EngageRateBudget budget = budget("key-live-first", 20, 1, Optional.empty());
        CompletableFuture<List<Long>> backlog = CompletableFuture.supplyAsync(() -> takeSlots(40, i -> budget, true));
        await().atMost(WAIT).until(() -> slotsTaken.get() >= 5);

        long start = System.nanoTime();
        run(false, budget::acquire).join();
        Duration liveWaited = Duration.ofNanos(System.nanoTime() - start);

        List<Long> relays = backlog.join();
        assertThat(liveWaited).as("a live call waits at most the relays' horizon and a slot or two")
                .isLessThan(Duration.ofMillis(400));
        assertThat(relays.get(relays.size() - 1) - relays.get(0)).as("the backlog itself took ~2 s")
                .isGreaterThan(1_700L);
    }

    @Test
    void aLiveCallThatWouldWaitLongerThanItMayFailsAtOnceAsRateLimited() {
        EngageRateBudget budget = budget("key-paused", 20, 1, Optional.empty());
        budget.pause(Duration.ofSeconds(5)).await().atMost(WAIT);

        long start = System.nanoTime();
        Throwable failure = catchThrowableOfType(CompletionException.class, () -> run(false, budget::acquire).join());

        assertThat(failure).hasCauseInstanceOf(EngageRateLimitedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void withoutItsSharedDatabaseAServiceKeepsToItsShareOfTheBudget() {
        EngageRateBudget budget = budget("key-fallback", 40, 0.25, Optional.of(UNREACHABLE));

        List<Long> slots = takeSlots(21, i -> budget, true);

        assertThat(busiestSecond(slots)).as("a quarter of 40/s").isLessThanOrEqualTo(10 + JITTER);
        assertThat(slots.get(slots.size() - 1) - slots.get(0)).isGreaterThan(1_800L);
    }

    @Test
    void publishesTheKeysBudgetAndCountsA429AndALiveCallWithoutASlotApart() {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        EngageRateBudget budget = budget("key-metrics", 20, 1, Optional.empty(), metrics);
        assertThat(metrics.get("engage.rate.budget.requests.per.second").gauge().value()).isEqualTo(20.0);
        assertThat(rateLimited(metrics, "engage")).as("429s, registered at 0 before any").isZero();
        assertThat(rateLimited(metrics, "budget")).as("live calls refused, registered at 0 before any").isZero();

        budget.pause(Duration.ofSeconds(5)).await().atMost(WAIT); // what EngageClient does on a 429
        catchThrowableOfType(CompletionException.class, () -> run(false, budget::acquire).join());

        assertThat(rateLimited(metrics, "engage")).isEqualTo(1.0);
        assertThat(rateLimited(metrics, "budget")).isEqualTo(1.0);
    }

    private static double rateLimited(SimpleMeterRegistry metrics, String by) {
        return metrics.get("engage.rate.limited").tag("by", by).counter().count();
    }

    /** Takes {@code count} slots at once (as the relays of several replicas would), answering when each came. */
    private List<Long> takeSlots(int count, java.util.function.IntFunction<EngageRateBudget> who, boolean background) {
        List<CompletableFuture<Long>> taken = IntStream.range(0, count)
                .mapToObj(i -> run(background, () -> who.apply(i).acquire())
                        .thenApply(ignored -> {
                            slotsTaken.incrementAndGet();
                            return System.currentTimeMillis();
                        }))
                .toList();
        List<Long> at = new ArrayList<>(taken.stream().map(CompletableFuture::join).toList());
        at.sort(Long::compare);
        return at;
    }

    private CompletableFuture<Void> run(boolean background, Supplier<Uni<Void>> work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        if (background) {
            context.putLocal(BACKGROUND, Boolean.TRUE);
        }
        context.runOnContext(ignored -> work.get().subscribe().with(done::complete, done::completeExceptionally));
        return done;
    }

    private static int busiestSecond(List<Long> sortedMillis) {
        int busiest = 0;
        for (int i = 0, j = 0; i < sortedMillis.size(); i++) {
            while (j < sortedMillis.size() && sortedMillis.get(j) < sortedMillis.get(i) + 1000) {
                j++;
            }
            busiest = Math.max(busiest, j - i);
        }
        return busiest;
    }

    private static double rate(List<Long> sortedMillis) {
        return (sortedMillis.size() - 1) * 1000.0 / (sortedMillis.get(sortedMillis.size() - 1) - sortedMillis.get(0));
    }

    private String sharedUrl() {
        return ConfigProvider.getConfig().getValue("quarkus.datasource.reactive.url", String.class);
    }

    /** A budget as a service with this key and these settings would have it, on this test's database. */
    private EngageRateBudget budget(String apiKey, double perSecond, double share, Optional<String> sharedUrl) {
        return budget(apiKey, perSecond, share, sharedUrl, new SimpleMeterRegistry());
    }

    private EngageRateBudget budget(String apiKey, double perSecond, double share, Optional<String> sharedUrl,
            SimpleMeterRegistry metrics) {
        EngageConfig.RateLimit base = engage.rateLimit();
        Map<String, Object> limits = Map.of("budget", perSecond, "fallbackShare", share, "databaseUrl", sharedUrl,
                "headroom", 0.03);
        EngageConfig.RateLimit rateLimit = override(EngageConfig.RateLimit.class, base, limits);
        return new EngageRateBudget(rateLimit, apiKey, pool, vertx, metrics, () -> {
            Context context = Vertx.currentContext();
            return context != null && Boolean.TRUE.equals(context.getLocal(BACKGROUND));
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T override(Class<T> type, T base, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName())
                        : method.invoke(base, args));
    }
}

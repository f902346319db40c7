package io.engagebridge.gateway.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

import io.engagebridge.gateway.cache.CacheKey;
import io.engagebridge.gateway.cache.MyPagesCache;
import io.engagebridge.gateway.cache.MyPagesCaches;
import io.engagebridge.gateway.cache.Stamped;
import io.engagebridge.gateway.config.GatewayConfig;
import io.engagebridge.gateway.upstream.Answer;
import io.engagebridge.gateway.upstream.UpstreamUnavailable;
import io.engagebridge.web.ApiException;
import io.engagebridge.web.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * My Pages reads, cached per contact ({@link MyPagesCache}: this gateway's memory, or Redis shared by every gateway).
 * Only good answers are cached; the last good answer is also kept longer, and served marked stale
 * ({@code X-Stale-Age}, seconds) when a service fails. A write evicts everything of that contact in a cache (a
 * redemption also its last good promotion lists).
 * Every read counts in {@code gateway.cache}: a hit when a copy answered it, a miss when the service was asked.
 * <p>
 * A read's answer is an {@link Answer}, written as it is by the JAX-RS methods and by {@code MyPagesRoute}; with
 * neither a service's answer nor a copy to show it fails with the 503 {@link ApiException} (+ Retry-After).
 */
@ApplicationScoped
public class CachedReads {

    public static final String STALE_AGE = "X-Stale-Age";
    public static final String READS = "gateway.cache";
    private static final Logger LOG = Logger.getLogger(CachedReads.class);

    private final MyPagesCache cache;
    private final GatewayConfig config;
    private final MeterRegistry metrics;
    /**
     * The hit and miss counters of each cache, looked up once: a registry lookup per read (its id's hash over the tags,
     * a map lookup) was ~2 % of the gateway's CPU per cached read (async-profiler).
     */
    private final Map<String, Counter> hits;
    private final Map<String, Counter> misses;

    public CachedReads(MyPagesCache cache, GatewayConfig config, MeterRegistry metrics) {
        this.cache = cache;
        this.config = config;
        this.metrics = metrics;
        this.hits = counters(metrics, "hit");
        this.misses = counters(metrics, "miss");
    }

    private static Map<String, Counter> counters(MeterRegistry metrics, String result) {
        return Map.of(MyPagesCaches.PROFILE, metrics.counter(READS, "cache", MyPagesCaches.PROFILE, "result", result),
                MyPagesCaches.PURCHASES, metrics.counter(READS, "cache", MyPagesCaches.PURCHASES, "result", result),
                MyPagesCaches.PROMOTIONS, metrics.counter(READS, "cache", MyPagesCaches.PROMOTIONS, "result", result));
    }

    /**
     * A profile lacking changes still queued in contacts-service ({@code "pendingChanges":true}) is not kept: once they
     * reach Engage, the next read must show them, not a copy cached before. Nor is contacts-service's own last copy.
     */
    public Uni<Answer> profile(String contactId, Supplier<Uni<Answer>> load) {
        return read(new CacheKey(MyPagesCaches.PROFILE, contactId, ""), load,
                answer -> fresh(answer) && !answer.body().contains("\"pendingChanges\":true"));
    }

    public Uni<Answer> purchases(String contactId, int offset, int count, Supplier<Uni<Answer>> load) {
        return read(new CacheKey(MyPagesCaches.PURCHASES, contactId, offset + "|" + count), load,
                answer -> answer.isOk() && !answer.body().contains("\"complete\":false"));
    }

    public Uni<Answer> promotions(String contactId, String channel, Supplier<Uni<Answer>> load) {
        return read(new CacheKey(MyPagesCaches.PROMOTIONS, contactId, channel), load, CachedReads::fresh);
    }

    public Uni<Void> evictProfile(String contactId) {
        return cache.evict(MyPagesCaches.PROFILE, contactId);
    }

    public Uni<Void> evictPurchases(String contactId) {
        return cache.evict(MyPagesCaches.PURCHASES, contactId);
    }

    /**
     * After a redemption: the contact's fresh copies go, and so do the last good ones of every channel, which still
     * list the promotion as usable (served when promotions-service fails, they would offer it again; promotions-service
     * itself never lists a redeemed one). Without a copy, My Pages gets 503 + Retry-After until the service answers.
     */
    public Uni<Void> evictPromotions(String contactId) {
        return cache.evict(MyPagesCaches.PROMOTIONS, contactId)
                .chain(() -> Multi.createFrom().items(Channel.values())
                        .onItem().transformToUniAndConcatenate(channel -> cache.forgetLastGood(
                                new CacheKey(MyPagesCaches.PROMOTIONS, contactId, channel.name())))
                        .collect().last().replaceWithVoid());
    }

    /** A good answer that is not itself a service's stale copy (contacts and promotions keep their own). */
    private static boolean fresh(Answer answer) {
        return answer.isOk() && !answer.headers().containsKey(STALE_AGE);
    }

    /**
     * A copy already at hand answers at once ({@link MyPagesCache#present}); otherwise the cache's pipeline, which loads,
     * keeps, or falls back on the last good copy.
     */
    private Uni<Answer> read(CacheKey key, Supplier<Uni<Answer>> load, Predicate<Answer> cacheable) {
        Answer copy = cache.present(key);
        if (copy != null) {
            hits.get(key.cache()).increment();
            return Uni.createFrom().item(copy);
        }
        return Uni.createFrom().deferred(() -> {
                    AtomicBoolean asked = new AtomicBoolean();
                    return cache.get(key, () -> {
                        asked.set(true);
                        misses.get(key.cache()).increment();
                        return load.get().call(answer -> keepIfGood(key, answer, cacheable));
                    }).invoke(() -> {
                        if (!asked.get()) {
                            hits.get(key.cache()).increment();
                        }
                    });
                })
                .onFailure(NotCacheable.class).recoverWithItem(f -> ((NotCacheable) f).answer)
                .onFailure(CachedReads::isUnavailable).recoverWithUni(f -> stale(key, f));
    }

    /** A service's answer: kept as the last good copy, or passed on without caching (as a NotCacheable failure). */
    private Uni<Void> keepIfGood(CacheKey key, Answer answer, Predicate<Answer> cacheable) {
        if (!cacheable.test(answer)) {
            throw new NotCacheable(answer);
        }
        return cache.keepLastGood(key, new Stamped(answer, Instant.now()));
    }

    private Uni<Answer> stale(CacheKey key, Throwable failure) {
        return cache.lastGood(key).map(kept -> kept == null ? unavailable(failure) : staleCopy(kept, failure));
    }

    private Answer staleCopy(Stamped kept, Throwable failure) {
        long age = Duration.between(kept.at(), Instant.now()).toSeconds();
        LOG.infof("%s: serving a copy %d s old", Passthrough.logged(failure), age);
        metrics.counter("gateway.stale.served").increment();
        return kept.answer().withHeader(STALE_AGE, String.valueOf(age));
    }

    /** The service's own 503 when it says when to come back, else ours (thrown: answered as a problem). */
    private Answer unavailable(Throwable failure) {
        Answer own = failure instanceof UpstreamUnavailable u ? u.answer() : null;
        if (own != null && own.headers().containsKey("Retry-After")) {
            return own;
        }
        throw ApiException.unavailable(Passthrough.said(failure) + "; no recent copy to show", config.retryAfterSeconds());
    }

    static boolean isUnavailable(Throwable failure) {
        return failure instanceof UpstreamUnavailable || failure instanceof FaultToleranceException;
    }

    /** An answer passed on but not cached (an error, a stale or incomplete copy from the service). */
    private static final class NotCacheable extends RuntimeException {
        private final transient Answer answer;

        NotCacheable(Answer answer) {
            super(null, null, false, false);
            this.answer = answer;
        }
    }
}

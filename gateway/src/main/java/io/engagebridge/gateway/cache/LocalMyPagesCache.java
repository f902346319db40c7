package io.engagebridge.gateway.cache;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import com.github.benmanes.caffeine.cache.Caffeine;

import io.engagebridge.gateway.config.GatewayConfig;
import io.engagebridge.gateway.upstream.Answer;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.smallrye.mutiny.Uni;

/**
 * Copies in this gateway's memory (quarkus-cache, Caffeine): right for one gateway, and the default. A second
 * gateway would neither see these copies nor hear of their eviction. Concurrent loads of one key share one call.
 * <p>
 * An eviction moves the contact's generation in that cache on, and every key carries its contact's generation: the
 * older copies are never read again and leave with the cache's ttl. So a receipt's eviction costs one map update, not
 * a scan of every key of the cache (10 000 of them when full), and a load that an eviction overtook lands under a
 * key no one reads.
 */
@ApplicationScoped
@Typed(LocalMyPagesCache.class)
public class LocalMyPagesCache implements MyPagesCache {

    private final Map<String, Cache> caches;
    private final CaffeineCache lastGood;
    /**
     * {@code cache|contactId} → generation, for contacts evicted at least once (none: 0). Kept twice the ttl after its
     * last use, so it cannot be forgotten while a copy of an older generation could still be read.
     */
    private final com.github.benmanes.caffeine.cache.Cache<String, Long> generations;

    public LocalMyPagesCache(@CacheName(MyPagesCaches.PROFILE) Cache profile,
            @CacheName(MyPagesCaches.PURCHASES) Cache purchases, @CacheName(MyPagesCaches.PROMOTIONS) Cache promotions,
            @CacheName(MyPagesCaches.LAST_GOOD) Cache lastGood, GatewayConfig config) {
        this.caches = Map.of(profile.getName(), profile, purchases.getName(), purchases,
                promotions.getName(), promotions);
        this.lastGood = lastGood.as(CaffeineCache.class);
        this.generations = Caffeine.newBuilder().executor(Runnable::run)
                .expireAfterAccess(config.cache().ttl().multipliedBy(2)).build();
    }

    @Override
    public Uni<Answer> get(CacheKey key, Supplier<Uni<Answer>> load) {
        return cache(key.cache()).getAsync(current(key), k -> load.get());
    }

    /**
     * Caffeine's copy when it is there and loaded: a cached read then costs no Mutiny pipeline (quarkus-cache's
     * {@code getAsync} and the steps around it were ~3 % of the gateway's CPU per cached read; this lookup is ~1 %,
     * async-profiler).
     */
    @Override
    public Answer present(CacheKey key) {
        CompletableFuture<Object> copy = cache(key.cache()).as(CaffeineCache.class).getIfPresent(current(key));
        if (copy == null || !copy.isDone() || copy.isCompletedExceptionally()) {
            return null;
        }
        return copy.getNow(null) instanceof Answer answer ? answer : null;
    }

    /** The key of {@code key}'s copy of the contact's current generation. */
    private String current(CacheKey key) {
        Long generation = generations.getIfPresent(key.cache() + "|" + key.contactId());
        return (generation == null ? 0 : generation) + "|" + key.withinCache();
    }

    @Override
    public Uni<Void> keepLastGood(CacheKey key, Stamped copy) {
        lastGood.put(key.acrossCaches(), CompletableFuture.completedFuture(copy));
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Stamped> lastGood(CacheKey key) {
        CompletableFuture<Object> kept = lastGood.getIfPresent(key.acrossCaches());
        return kept == null ? Uni.createFrom().nullItem() : Uni.createFrom().completionStage(kept).map(Stamped.class::cast);
    }

    @Override
    public Uni<Void> forgetLastGood(CacheKey key) {
        return lastGood.invalidate(key.acrossCaches());
    }

    /** Every copy of the contact in that cache, whatever the page or channel: its generation moves on. */
    @Override
    public Uni<Void> evict(String cacheName, String contactId) {
        cache(cacheName); // an unknown cache is a bug, said at once
        generations.asMap().merge(cacheName + "|" + contactId, 1L, Long::sum);
        return Uni.createFrom().voidItem();
    }

    private Cache cache(String name) {
        Cache cache = caches.get(name);
        if (cache == null) {
            throw new IllegalArgumentException("No My Pages cache " + name);
        }
        return cache;
    }
}

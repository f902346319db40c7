package io.engagebridge.gateway.cache;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import io.engagebridge.gateway.upstream.Answer;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Copies in this gateway's memory (quarkus-cache, Caffeine): right for one gateway, and the default. A second
 * gateway would neither see these copies nor hear of their eviction. Concurrent loads of one key share one call.
 */
@ApplicationScoped
@Typed(LocalMyPagesCache.class)
public class LocalMyPagesCache implements MyPagesCache {

    private final Map<String, Cache> caches;
    private final CaffeineCache lastGood;

    public LocalMyPagesCache(@CacheName(MyPagesCaches.PROFILE) Cache profile,
            @CacheName(MyPagesCaches.PURCHASES) Cache purchases, @CacheName(MyPagesCaches.PROMOTIONS) Cache promotions,
            @CacheName(MyPagesCaches.LAST_GOOD) Cache lastGood) {
        this.caches = Map.of(profile.getName(), profile, purchases.getName(), purchases,
                promotions.getName(), promotions);
        this.lastGood = lastGood.as(CaffeineCache.class);
    }

    @Override
    public Uni<Answer> get(CacheKey key, Supplier<Uni<Answer>> load) {
        return cache(key.cache()).getAsync(key.withinCache(), k -> load.get());
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

    /** Pages and channels are not known in advance, so the contact's keys are found by a scan of the cache. */
    @Override
    public Uni<Void> evict(String cacheName, String contactId) {
        Cache cache = cache(cacheName);
        String prefix = contactId + "|";
        List<Object> keys = cache.as(CaffeineCache.class).keySet().stream()
                .filter(k -> k.toString().startsWith(prefix)).toList();
        return Multi.createFrom().iterable(keys).onItem().transformToUniAndConcatenate(cache::invalidate)
                .collect().last().replaceWithVoid();
    }

    private Cache cache(String name) {
        Cache cache = caches.get(name);
        if (cache == null) {
            throw new IllegalArgumentException("No My Pages cache " + name);
        }
        return cache;
    }
}

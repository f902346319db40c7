package io.engagebridge.gateway.cache;

import java.util.function.Supplier;

import io.engagebridge.gateway.upstream.Answer;
import io.smallrye.mutiny.Uni;

/**
 * Where My Pages copies live: {@link LocalMyPagesCache} (this gateway's memory) or {@link SharedMyPagesCache} (one
 * Redis for every gateway), chosen at start by {@link MyPagesCacheBackend}. No method fails because of the cache
 * itself: a cache that cannot be used behaves as an empty one and says so in its metrics.
 */
public interface MyPagesCache {

    /**
     * The fresh copy of {@code key}, or else the loader's answer, which is kept as the fresh copy. A failure of the
     * loader reaches the caller and nothing is kept; a load that was overtaken by an eviction of its contact is
     * answered but not kept.
     */
    Uni<Answer> get(CacheKey key, Supplier<Uni<Answer>> load);

    /**
     * The fresh copy of {@code key} when this gateway holds it already loaded, else null (none, one still loading, or a
     * cache that must be asked over the network: Redis). A read answered here is the one {@link #get} would have
     * answered, without its pipeline.
     */
    default Answer present(CacheKey key) {
        return null;
    }

    /** Keeps {@code copy} as the last good answer of {@code key}, for outages. */
    Uni<Void> keepLastGood(CacheKey key, Stamped copy);

    /** The last good answer of {@code key}, or a null item when none is kept. */
    Uni<Stamped> lastGood(CacheKey key);

    /** Forgets every fresh copy of a contact in one cache (every page, every channel); last good copies stay. */
    Uni<Void> evict(String cache, String contactId);

    /** Forgets the last good answer of {@code key}: a write made it wrong (a promotion it lists was redeemed). */
    Uni<Void> forgetLastGood(CacheKey key);
}

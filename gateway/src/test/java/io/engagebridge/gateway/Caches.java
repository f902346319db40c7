package io.engagebridge.gateway;

import io.quarkus.cache.CacheManager;

/** The gateway's caches in tests. */
public final class Caches {

    private Caches() {
    }

    /** Every cache of the app emptied, so a test starts with nothing cached. */
    public static void empty(CacheManager caches) {
        caches.getCacheNames().forEach(name -> caches.getCache(name).orElseThrow().invalidateAll().await().indefinitely());
    }
}

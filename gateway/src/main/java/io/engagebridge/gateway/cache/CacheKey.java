package io.engagebridge.gateway.cache;

/**
 * One cached My Pages read: the cache ({@code profile}, {@code purchases}, {@code promotions}), the contact it belongs
 * to, and what else tells its reads apart (a page, a channel; empty for the profile). A write evicts everything of a
 * contact in a cache, whatever the part.
 */
public record CacheKey(String cache, String contactId, String part) {

    /** The key within one cache: {@code contactId|part}. */
    public String withinCache() {
        return contactId + "|" + part;
    }

    /** The key among all caches: {@code cache|contactId|part} (the last good copies of all caches live together). */
    public String acrossCaches() {
        return cache + "|" + withinCache();
    }
}

package io.engagebridge.gateway.cache;

/** The names of the My Pages caches (also the quarkus.cache.caffeine."<name>" keys of the in-memory backend). */
public final class MyPagesCaches {

    public static final String PROFILE = "profile";
    public static final String PURCHASES = "purchases";
    public static final String PROMOTIONS = "promotions";
    /** The last good answer of every key of the three caches above. */
    public static final String LAST_GOOD = "last-good";

    private MyPagesCaches() {
    }
}

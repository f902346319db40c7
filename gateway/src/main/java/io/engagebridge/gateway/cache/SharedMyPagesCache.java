package io.engagebridge.gateway.cache;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.engagebridge.gateway.config.GatewayConfig;
import io.engagebridge.gateway.upstream.Answer;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Copies in one Redis shared by every gateway, so that a write through any gateway evicts for all of them.
 * <p>
 * The fresh copies of a contact live in one hash per cache ({@code <prefix>:<cache>:<contactId>}, a field per page or
 * channel): one command evicts them all, with no scan of the keyspace. Each copy carries the time it was fetched and
 * is fresh for {@code gateway.cache.ttl}. An eviction also moves the contact's generation on, and a copy is only kept
 * if the generation is still the one read before its load: a read that began before a write never puts the old
 * answer back. Last good copies are plain keys ({@code <prefix>:last-good:<cache>|<contactId>|<part>}).
 * <p>
 * Redis trouble never fails a read: the read goes to the service, every failed (or, with the breaker open, skipped)
 * operation counts in {@code gateway.cache.errors}, and the log says so once when Redis goes and once when it is back.
 * An eviction that failed is done again before this gateway next reads that contact, and as soon as Redis answers.
 */
@ApplicationScoped
@Typed(SharedMyPagesCache.class)
public class SharedMyPagesCache implements MyPagesCache {

    public static final String ERRORS = "gateway.cache.errors";
    private static final Logger LOG = Logger.getLogger(SharedMyPagesCache.class);
    /** Failed evictions remembered for a retry; past this many, Redis has been gone long enough for the TTL to do it. */
    private static final int MAX_PENDING_EVICTIONS = 100_000;

    private final MyPagesRedis redis;
    private final ObjectMapper json;
    private final GatewayConfig.Cache config;
    private final MeterRegistry metrics;
    private final AtomicBoolean down = new AtomicBoolean();
    private final Set<String> pendingEvictions = ConcurrentHashMap.newKeySet();

    public SharedMyPagesCache(MyPagesRedis redis, ObjectMapper json, GatewayConfig config, MeterRegistry metrics) {
        this.redis = redis;
        this.json = json;
        this.config = config.cache();
        this.metrics = metrics;
    }

    @Override
    public Uni<Answer> get(CacheKey key, Supplier<Uni<Answer>> load) {
        String hash = hash(key.cache(), key.contactId());
        return evictIfPending(hash)
                .chain(() -> redis.read(hash, key.part()))
                .invoke(this::answered)
                .onFailure().recoverWithItem(failure -> failed("read", failure, null))
                .chain(read -> {
                    Answer fresh = read == null ? null : freshCopy(read);
                    return fresh != null ? Uni.createFrom().item(fresh) : loadAndKeep(hash, key.part(), read, load);
                });
    }

    @Override
    public Uni<Void> keepLastGood(CacheKey key, Stamped copy) {
        return redis.set(lastGoodKey(key), encode(copy), config.lastGoodTtl())
                .invoke(this::answered)
                .onFailure().recoverWithItem(failure -> failed("keep-last-good", failure, null));
    }

    @Override
    public Uni<Stamped> lastGood(CacheKey key) {
        return redis.get(lastGoodKey(key))
                .invoke(this::answered)
                .map(this::decode)
                .onFailure().recoverWithItem(failure -> failed("last-good", failure, null));
    }

    @Override
    public Uni<Void> evict(String cache, String contactId) {
        return evictHash(hash(cache, contactId));
    }

    /** Counted as a failed "evict" when Redis does not answer: it is part of a write's eviction. */
    @Override
    public Uni<Void> forgetLastGood(CacheKey key) {
        return redis.delete(lastGoodKey(key))
                .invoke(this::answered)
                .onFailure().recoverWithItem(failure -> failed("evict", failure, null));
    }

    /** Without a generation (Redis did not answer the read) the answer is passed on and not kept. */
    private Uni<Answer> loadAndKeep(String hash, String part, MyPagesRedis.Read read, Supplier<Uni<Answer>> load) {
        Uni<Answer> loaded = load.get();
        if (read == null) {
            return loaded;
        }
        return loaded.call(answer -> redis.writeIfSameGeneration(hash, read.generation(), part,
                        encode(new Stamped(answer, Instant.now())), config.ttl())
                .invoke(this::answered)
                .onFailure().recoverWithItem(failure -> failed("write", failure, null)));
    }

    private Uni<Void> evictHash(String hash) {
        return redis.evict(hash, config.ttl())
                .invoke(() -> pendingEvictions.remove(hash))
                .invoke(this::answered)
                .onFailure().recoverWithItem(failure -> {
                    if (pendingEvictions.size() < MAX_PENDING_EVICTIONS) {
                        pendingEvictions.add(hash);
                    }
                    return failed("evict", failure, null);
                });
    }

    private Uni<Void> evictIfPending(String hash) {
        return pendingEvictions.contains(hash) ? evictHash(hash) : Uni.createFrom().voidItem();
    }

    private Answer freshCopy(MyPagesRedis.Read read) {
        Stamped copy = decode(read.copy());
        boolean fresh = copy != null && copy.at().plus(config.ttl()).isAfter(Instant.now());
        return fresh ? copy.answer() : null;
    }

    /** Redis answered: if it had been gone, say it is back and redo the evictions it missed. */
    private void answered() {
        if (down.get() && down.compareAndSet(true, false)) {
            LOG.infof("Redis answers again: My Pages copies are shared again (%d missed evictions to redo)",
                    pendingEvictions.size());
            Multi.createFrom().iterable(Set.copyOf(pendingEvictions)).onItem()
                    .transformToUniAndConcatenate(this::evictHash)
                    .subscribe().with(done -> {
                    }, failure -> LOG.debug("Redoing missed evictions stopped", failure));
        }
    }

    private <T> T failed(String operation, Throwable failure, T instead) {
        metrics.counter(ERRORS, "operation", operation).increment();
        if (down.compareAndSet(false, true)) {
            LOG.warnf("Redis is not answering (%s failed: %s): My Pages reads go to the services until it does",
                    operation, failure.toString());
        }
        return instead;
    }

    private String hash(String cache, String contactId) {
        return config.redisKeyPrefix() + ":" + cache + ":" + contactId;
    }

    private String lastGoodKey(CacheKey key) {
        return config.redisKeyPrefix() + ":" + MyPagesCaches.LAST_GOOD + ":" + key.acrossCaches();
    }

    private String encode(Stamped copy) {
        try {
            return json.writeValueAsString(copy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a copy of an answer", e);
        }
    }

    /** An unreadable copy (written by another version, say) is no copy. */
    private Stamped decode(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, Stamped.class);
        } catch (JsonProcessingException e) {
            LOG.debugf("Ignoring an unreadable copy in Redis: %s", e.getMessage());
            return null;
        }
    }
}

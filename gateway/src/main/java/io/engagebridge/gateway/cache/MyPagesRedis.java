package io.engagebridge.gateway.cache;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * The shared Redis of the My Pages cache behind a short timeout and its own breaker. A cache is there to save time:
 * a slow or unreachable Redis may cost a read half a second a few times, then nothing while the breaker is open (the
 * reads go straight to the services). No retry: a cache operation that fails is made up for by asking the service.
 * Redis has no expected error answers, so every failure counts towards the breaker.
 */
@ApplicationScoped
@Timeout(500)
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)
public class MyPagesRedis {

    /** The hash field holding a contact's generation: moved on by every eviction. */
    static final String GENERATION = "~generation";

    /** Keeps a fresh copy only if its contact was not evicted since its load began (the generation is the same). */
    private static final String WRITE_IF_SAME_GENERATION = """
            if (redis.call('HGET', KEYS[1], ARGV[1]) or '0') ~= ARGV[2] then return 0 end
            redis.call('HSET', KEYS[1], ARGV[3], ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return 1""";

    /** Drops every copy of a contact and moves its generation on, so that loads begun before are not kept. */
    private static final String EVICT = """
            local generation = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], ARGV[1], generation)
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return generation""";

    private final ReactiveRedisDataSource redis;

    /** Redis is looked up, not injected: Quarkus refuses a plain injection point when no Redis is configured. */
    public MyPagesRedis(Instance<ReactiveRedisDataSource> redis) {
        this.redis = redis.get();
    }

    /** What a hash holds for one field: the copy (null when none) and the hash's generation ("0" before any). */
    public record Read(String copy, String generation) {
    }

    public Uni<Read> read(String hash, String field) {
        return redis.execute("HMGET", hash, field, GENERATION)
                .map(found -> new Read(text(found.get(0)), found.get(1) == null ? "0" : found.get(1).toString()));
    }

    /** True when the copy was kept; false when its contact was evicted since {@code generation} was read. */
    public Uni<Boolean> writeIfSameGeneration(String hash, String generation, String field, String copy, Duration ttl) {
        return redis.execute("EVAL", WRITE_IF_SAME_GENERATION, "1", hash,
                GENERATION, generation, field, copy, String.valueOf(ttl.toMillis()))
                .map(kept -> kept.toInteger() == 1);
    }

    /** The generation is kept for {@code ttl}, longer than any load can take. */
    public Uni<Void> evict(String hash, Duration ttl) {
        return redis.execute("EVAL", EVICT, "1", hash, GENERATION, String.valueOf(ttl.toMillis())).replaceWithVoid();
    }

    public Uni<String> get(String key) {
        return redis.execute("GET", key).map(MyPagesRedis::text);
    }

    public Uni<Void> set(String key, String value, Duration ttl) {
        return redis.execute("SET", key, value, "PX", String.valueOf(ttl.toMillis())).replaceWithVoid();
    }

    public Uni<Void> delete(String key) {
        return redis.execute("DEL", key).replaceWithVoid();
    }

    private static String text(Response response) {
        return response == null ? null : response.toString();
    }
}

package io.engagebridge.gateway.cache;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import org.jboss.logging.Logger;

import io.quarkus.arc.InjectableInstance;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.Startup;

/**
 * Chooses, once at start, where My Pages copies live: in Redis, shared by every gateway, when the Redis client is
 * configured ({@code quarkus.redis.hosts}, from {@code REDIS_URL}); in this gateway's memory otherwise. Quarkus
 * deactivates its Redis client when no hosts are set, so the in-memory gateway starts with no Redis anywhere.
 */
@ApplicationScoped
public class MyPagesCacheBackend {

    private static final Logger LOG = Logger.getLogger(MyPagesCacheBackend.class);

    @Produces
    @ApplicationScoped
    @Startup
    MyPagesCache myPagesCache(InjectableInstance<ReactiveRedisDataSource> redis, Instance<SharedMyPagesCache> shared,
            Instance<LocalMyPagesCache> local) {
        if (redis.listActive().isEmpty()) {
            LOG.info("My Pages cache: in this gateway's memory (no Redis configured; fine for one gateway)");
            return local.get();
        }
        LOG.info("My Pages cache: shared in Redis by every gateway");
        return shared.get();
    }
}

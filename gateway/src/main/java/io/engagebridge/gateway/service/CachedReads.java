package io.engagebridge.gateway.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

import io.engagebridge.gateway.config.GatewayConfig;
import io.engagebridge.gateway.upstream.Answer;
import io.engagebridge.gateway.upstream.UpstreamUnavailable;
import io.engagebridge.web.ApiException;
import io.engagebridge.web.RequestIds;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * My Pages reads, cached per contact (quarkus-cache, per pod). Only good answers are cached; the last good answer is
 * also kept longer, and served marked stale ({@code X-Stale-Age}, seconds) when a service fails. Keys start with
 * the contactId, so a write evicts everything of that contact.
 */
@ApplicationScoped
public class CachedReads {

    public static final String STALE_AGE = "X-Stale-Age";
    /** The channels My Pages can ask promotions for (MyPagesResource checks the same). */
    public static final String[] CHANNELS = { "POS", "ECOM", "OTHER" };
    private static final Logger LOG = Logger.getLogger(CachedReads.class);

    private final Cache profile;
    private final Cache purchases;
    private final Cache promotions;
    private final Cache lastGood;
    private final GatewayConfig config;
    private final MeterRegistry metrics;

    public CachedReads(@CacheName("profile") Cache profile, @CacheName("purchases") Cache purchases,
            @CacheName("promotions") Cache promotions, @CacheName("last-good") Cache lastGood, GatewayConfig config,
            MeterRegistry metrics) {
        this.profile = profile;
        this.purchases = purchases;
        this.promotions = promotions;
        this.lastGood = lastGood;
        this.config = config;
        this.metrics = metrics;
    }

    /** A good answer, with the time it was fetched. */
    record Stamped(Answer answer, Instant at) {
    }

    public Uni<Response> profile(String contactId, Supplier<Uni<Answer>> load) {
        return read(profile, contactId + "|", load, Answer::isOk);
    }

    public Uni<Response> purchases(String contactId, int offset, int count, Supplier<Uni<Answer>> load) {
        return read(purchases, contactId + "|" + offset + "|" + count, load,
                answer -> answer.isOk() && !answer.body().contains("\"complete\":false"));
    }

    public Uni<Response> promotions(String contactId, String channel, Supplier<Uni<Answer>> load) {
        return read(promotions, contactId + "|" + channel, load,
                answer -> answer.isOk() && !answer.headers().containsKey(STALE_AGE));
    }

    public Uni<Void> evictProfile(String contactId) {
        return profile.invalidate(contactId + "|");
    }

    public Uni<Void> evictPurchases(String contactId) {
        return evict(purchases, contactId);
    }

    public Uni<Void> evictPromotions(String contactId) {
        return Multi.createFrom().items(CHANNELS).onItem()
                .transformToUniAndConcatenate(channel -> promotions.invalidate(contactId + "|" + channel))
                .collect().last().replaceWithVoid();
    }

    private Uni<Response> read(Cache cache, String key, Supplier<Uni<Answer>> load, Predicate<Answer> cacheable) {
        String staleKey = cache.getName() + "|" + key;
        return cache.<String, Answer>getAsync(key, k -> load.get().invoke(answer -> {
                    metrics.counter("gateway.cache", "cache", cache.getName(), "result", "miss").increment();
                    if (!cacheable.test(answer)) {
                        throw new NotCacheable(answer);
                    }
                    lastGood.as(CaffeineCache.class).put(staleKey,
                            CompletableFuture.completedFuture(new Stamped(answer, Instant.now())));
                }))
                .map(Answer::toResponse)
                .onFailure(NotCacheable.class).recoverWithItem(f -> ((NotCacheable) f).answer.toResponse())
                .onFailure(CachedReads::isUnavailable).recoverWithUni(f -> stale(staleKey, f));
    }

    private Uni<Response> stale(String staleKey, Throwable failure) {
        CompletableFuture<Object> kept = lastGood.as(CaffeineCache.class).getIfPresent(staleKey);
        if (kept == null) {
            Answer own = failure instanceof UpstreamUnavailable u ? u.answer() : null;
            if (own != null && own.headers().containsKey("Retry-After")) {
                return Uni.createFrom().item(own.toResponse());
            }
            return Uni.createFrom().item(ApiException.unavailable(failure.getMessage() + "; no recent copy to show",
                    config.retryAfterSeconds()).toResponse(RequestIds.current()));
        }
        return Uni.createFrom().completionStage(kept).map(value -> {
            Stamped stamped = (Stamped) value;
            long age = Duration.between(stamped.at(), Instant.now()).toSeconds();
            LOG.warnf("%s: serving a copy %d s old", failure.getMessage(), age);
            metrics.counter("gateway.stale.served").increment();
            return stamped.answer().withHeader(STALE_AGE, String.valueOf(age)).toResponse();
        });
    }

    /** Every page of a contact's purchases (pages are not known in advance, so the keys are scanned). */
    private static Uni<Void> evict(Cache cache, String contactId) {
        String prefix = contactId + "|";
        List<Object> keys = cache.as(CaffeineCache.class).keySet().stream()
                .filter(k -> k.toString().startsWith(prefix)).toList();
        return Multi.createFrom().iterable(keys).onItem().transformToUniAndConcatenate(cache::invalidate)
                .collect().last().replaceWithVoid();
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

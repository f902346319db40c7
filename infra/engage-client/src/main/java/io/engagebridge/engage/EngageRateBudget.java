package io.engagebridge.engage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The API key's rate budget. Voyado counts requests per key, so every request to Engage, live or replayed, from any
 * replica of any service, takes a slot here before it is sent ({@link EngageClient} does it for every call).
 * <p>
 * GCRA in PostgreSQL: one row per key holds the theoretical arrival time of the next request; a reservation moves
 * it one interval forward under the row's lock and answers when the slot comes, on the database's clock.
 * Slots are {@code 1 / (budget x (1 - headroom))} apart whoever takes them, so no second ever holds more than the
 * budget.
 * <p>
 * <b>Where</b>: the shared budget database ({@code engage.rate-limit.database-url}) when set, which every service
 * using the key reaches; otherwise, and while the shared one cannot be reached, the service's own database at its
 * {@code fallback-share} of the budget (the shares of all services add up to at most 1, so the total holds when
 * they all fall back). The table is created on first use in either place: no service owns the shared database.
 * <p>
 * <b>Priority</b>: a live call (someone waits) takes the next slot and goes, unless that slot is more than
 * {@code live-max-wait} away (then it fails at once as rate-limited and its caller falls back). A background call
 * (as {@link BackgroundWork} tells, e.g. the outbox relay's sends) only takes slots within
 * {@code background-horizon} of now and otherwise waits: live calls go first, the relays take what is left.
 */
@ApplicationScoped
public class EngageRateBudget {

    private static final Logger LOG = Logger.getLogger(EngageRateBudget.class);

    private final BackgroundWork background;

    private static final String CREATE = """
            create table if not exists engage_rate_budget (
                name text        primary key,
                tat  timestamptz not null default clock_timestamp())""";
    private static final String ADD_ROW = "insert into engage_rate_budget (name) values ($1) on conflict do nothing";
    private static final String RESERVE = """
            with clock as (select clock_timestamp() as t)
            update engage_rate_budget r
               set tat = greatest(r.tat, clock.t) + make_interval(secs => $2)
              from clock
             where r.name = $1
               and greatest(r.tat, clock.t) <= clock.t + make_interval(secs => $3)
            returning extract(epoch from r.tat) - $2 as slot""";
    private static final String NEXT = "select extract(epoch from tat) as slot from engage_rate_budget where name = $1";
    private static final String PAUSE = """
            update engage_rate_budget set tat = greatest(tat, clock_timestamp() + make_interval(secs => $2))
             where name = $1""";

    private final EngageConfig.RateLimit config;
    private final Vertx vertx;
    private final String name;
    private final Place shared;
    private final Place local;
    private final AtomicLong sharedRetryAt = new AtomicLong();
    private final AtomicLong onFallback = new AtomicLong();
    private final Counter answered429;
    private final Counter refusedLive;

    @Inject
    public EngageRateBudget(EngageConfig engage, EngageSettings settings, Pool servicePool, Vertx vertx,
            MeterRegistry metrics, Instance<BackgroundWork> background) {
        this(engage.rateLimit(), settings.apiKey(), servicePool, vertx, metrics,
                background.isResolvable() ? background.get() : () -> false);
    }

    EngageRateBudget(EngageConfig.RateLimit config, String apiKey, Pool servicePool, Vertx vertx, MeterRegistry metrics,
            BackgroundWork background) {
        this.background = background;
        this.config = config;
        this.vertx = vertx;
        this.name = "key:" + fingerprint(apiKey);
        this.local = new Place("its own database", servicePool, interval(config.budget() * config.fallbackShare()),
                config.headroom());
        this.shared = config.databaseUrl().map(url -> new Place("the shared budget database",
                Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
                        .connectingTo(connectOptions(url)).using(vertx).build()),
                interval(config.budget()), config.headroom())).orElse(null);
        this.onFallback.set(shared == null ? 1 : 0);
        metrics.gauge("engage.rate.budget.fallback", onFallback);
        Gauge.builder("engage.rate.budget.requests.per.second", config, EngageConfig.RateLimit::budget)
                .description("The API key's rate budget (ENGAGE_RATE_LIMIT_BUDGET): requests/s to Engage, all services "
                        + "and replicas together")
                .register(metrics);
        // Registered at 0 from the start: Prometheus' increase() misses a counter's first increment when its series
        // appears with it, and Engage's 429 often comes alone (it pauses every caller of the key).
        this.answered429 = rateLimited(metrics, "engage");
        this.refusedLive = rateLimited(metrics, "budget");
    }

    private static Counter rateLimited(MeterRegistry metrics, String by) {
        return Counter.builder("engage.rate.limited").tag("by", by)
                .description("Calls to Engage stopped for rate: by=engage, Engage answered 429 (every caller of the key "
                        + "then pauses); by=budget, a live call failed at once, no slot of the key's budget being near")
                .register(metrics);
    }

    /** Waits for this call's slot; fails with {@link EngageRateLimitedException} when a live call would wait too long. */
    public Uni<Void> acquire() {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            return acquire(background.isCurrent(), caller);
        });
    }

    private Uni<Void> acquire(boolean background, Context caller) {
        Duration ahead = background ? config.backgroundHorizon() : config.liveMaxWait();
        return withPlace(place -> place.reserve(name, ahead))
                .chain(reservation -> {
                    long wait = reservation.waitMillis();
                    if (reservation.granted()) {
                        return wait < 1 ? Uni.createFrom().voidItem()
                                : after(wait, caller).chain(() -> reservation.missed() ? acquire(background, caller)
                                        : Uni.createFrom().voidItem());
                    }
                    if (!background) {
                        refusedLive.increment();
                        return Uni.createFrom().failure(new EngageRateLimitedException(null,
                                "The API key's rate budget has no slot within " + ahead.toMillis() + " ms", null,
                                Duration.ofMillis(reservation.waitMillis())));
                    }
                    long untilInHorizon = reservation.waitMillis() - ahead.toMillis();
                    return after(Math.max(1, untilInHorizon), caller).chain(() -> acquire(true, caller));
                });
    }

    /** Holds every caller of the key back for {@code pause} (after a 429, which is counted here). */
    public Uni<Void> pause(Duration pause) {
        answered429.increment();
        LOG.warnf("Engage answered 429: every call with this API key pauses for %d ms", pause.toMillis());
        return withPlace(place -> place.pause(name, pause));
    }

    /** Time between two requests of the whole key while the shared budget is in use. */
    public Duration interval() {
        return shared != null ? shared.interval : local.interval;
    }

    private <T> Uni<T> withPlace(Function<Place, Uni<T>> use) {
        if (shared == null || System.nanoTime() < sharedRetryAt.get()) {
            return use.apply(local);
        }
        return use.apply(shared)
                .invoke(() -> {
                    if (onFallback.getAndSet(0) == 1) {
                        LOG.info("The shared rate budget database answers again: using the key's whole budget there");
                    }
                })
                .onFailure().recoverWithUni(failure -> {
                    sharedRetryAt.set(System.nanoTime() + config.sharedRetry().toNanos());
                    if (onFallback.getAndSet(1) == 0) {
                        LOG.warnf("The shared rate budget database cannot be reached (%s): this service uses its share "
                                + "(%.0f %%) of the key's budget in its own database, and tries again in %s",
                                failure.getMessage(), config.fallbackShare() * 100, config.sharedRetry());
                    }
                    return use.apply(local);
                });
    }

    /** Completes after {@code millis}, back on the caller's Vert.x context (handlers may hold a session there). */
    private Uni<Void> after(long millis, Context caller) {
        if (millis < 1) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(millis, timer -> {
            if (caller != null) {
                caller.runOnContext(ignored -> emitter.complete(null));
            } else {
                emitter.complete(null);
            }
        }));
    }

    private Duration interval(double perSecond) {
        double usable = perSecond * (1 - config.headroom());
        if (usable <= 0) {
            throw new IllegalArgumentException("engage.rate-limit: budget x fallback-share must be above 0");
        }
        return Duration.ofNanos(Math.round(1_000_000_000L / usable));
    }

    private PgConnectOptions connectOptions(String url) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        config.databaseUsername().ifPresent(options::setUser);
        config.databasePassword().ifPresent(options::setPassword);
        return options.setConnectTimeout(2000);
    }

    /** The row's name: a digest of the key, so two keys have two budgets and the key itself is never stored. */
    static String fingerprint(String apiKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void close() {
        if (shared != null) {
            shared.pool.close().subscribe().with(ignored -> { }, ignored -> { });
        }
    }

    /**
     * A slot, as epoch milliseconds of the database's clock: every replica waits for the same instant whatever its
     * round trip to the database took, so their requests interleave exactly (hosts' clocks are NTP-synchronised).
     */
    record Reservation(boolean granted, long slotMillis, long toleranceMillis) {

        long waitMillis() {
            return slotMillis - System.currentTimeMillis();
        }

        /**
         * Whether a slot waited for (a busy CPU, a pause) came too late to use: sent late, it would crowd the slots
         * after it past the budget, so a fresh one is reserved. A slot that was already due when granted is used.
         */
        boolean missed() {
            return -waitMillis() > toleranceMillis;
        }
    }

    /** One place the budget's row lives: a pool, and the interval between slots there. */
    static final class Place {

        private final String what;
        private final Pool pool;
        private final Duration interval;
        private final long tolerance;
        private final AtomicBoolean ready = new AtomicBoolean();

        /**
         * {@code tolerance}: how late a slot may still be used. Sends each within that much of their slots put at most
         * {@code (1000 + tolerance) / interval} of them in any second, which the headroom keeps under the budget.
         */
        Place(String what, Pool pool, Duration interval, double headroom) {
            this.what = what;
            this.pool = pool;
            this.interval = interval;
            this.tolerance = Math.max(1, (long) (900 * headroom / (1 - headroom)));
        }

        Uni<Reservation> reserve(String name, Duration ahead) {
            double step = seconds(interval);
            return ensureRow(name)
                    .chain(() -> pool.preparedQuery(RESERVE).execute(Tuple.of(name, step, seconds(ahead))))
                    .chain(rows -> rows.size() > 0
                            ? Uni.createFrom().item(new Reservation(true, epochMillis(rows.iterator().next()), tolerance))
                            : pool.preparedQuery(NEXT).execute(Tuple.of(name))
                                    .map(next -> new Reservation(false, epochMillis(next.iterator().next()), tolerance)));
        }

        Uni<Void> pause(String name, Duration pause) {
            return ensureRow(name)
                    .chain(() -> pool.preparedQuery(PAUSE).execute(Tuple.of(name, seconds(pause))))
                    .replaceWithVoid();
        }

        /** Creates the table and the key's row once; concurrent first calls of several replicas may race harmlessly. */
        private Uni<Void> ensureRow(String name) {
            if (ready.get()) {
                return Uni.createFrom().voidItem();
            }
            return pool.query(CREATE).execute()
                    .onFailure().retry().atMost(2)
                    .chain(() -> pool.preparedQuery(ADD_ROW).execute(Tuple.of(name)))
                    .invoke(() -> {
                        ready.set(true);
                        LOG.debugf("Rate budget row %s ready in %s", name, what);
                    })
                    .replaceWithVoid();
        }

        private static long epochMillis(Row row) {
            return Math.round(row.getNumeric("slot").doubleValue() * 1000);
        }

        private static double seconds(Duration duration) {
            return duration.toNanos() / 1_000_000_000.0;
        }
    }
}

package io.engagebridge.testsupport;

import java.time.Duration;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** What a service's tests do to its database and outbox between and within tests. */
public final class TestDatabase {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestDatabase() {
    }

    /** Empties the tables and the outbox, ends any outage and resets the rate budget, for a test that starts from nothing. */
    public static void clean(Pool pool, String... tables) {
        for (String table : tables) {
            pool.query("delete from " + table).execute().await().atMost(WAIT);
        }
        pool.query("delete from outbox_message").execute().await().atMost(WAIT);
        pool.query("""
                update outbox_destination set consecutive_failures = 0, down_since = null, probes = 0,
                       next_probe_at = null, last_error = null""").execute().await().atMost(WAIT);
        resetRateBudget(pool);
    }

    /** Frees the API key's rate budget (after a test's 429 paused it), where it lives in this database. */
    public static void resetRateBudget(Pool pool) {
        pool.query("""
                do $$ begin
                    if to_regclass('engage_rate_budget') is not null then
                        update engage_rate_budget set tat = clock_timestamp();
                    end if;
                end $$""").execute().await().atMost(WAIT);
    }

    /** The single number a query answers. */
    public static long count(Pool pool, String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    /** Makes every waiting outbox message due now, as if its backoff had passed, and the next outage probe too. */
    public static void timePasses(Pool pool) {
        pool.query("update outbox_message set next_attempt_at = now() where status = 'PENDING'").execute()
                .await().atMost(WAIT);
        probeIsDue(pool);
    }

    /** Makes the next outage probe due now, as if its wait had passed. */
    public static void probeIsDue(Pool pool) {
        pool.query("update outbox_destination set next_probe_at = now() where down_since is not null").execute()
                .await().atMost(WAIT);
    }

    /** Runs a relay's {@code drainOnce} until nothing more is due. */
    public static void drain(Supplier<Uni<Integer>> drainOnce) {
        while (drainOnce.get().await().atMost(WAIT) > 0) {
            // keep draining
        }
    }
}

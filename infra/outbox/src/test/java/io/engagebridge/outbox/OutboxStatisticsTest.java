package io.engagebridge.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.engagebridge.testsupport.PostgresTestResource;
import io.engagebridge.testsupport.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A backlog that grew since the table was last analyzed (an outage, a fresh table): the statistics still say that
 * nothing is PENDING, and the claim's plan checks each candidate against every pending message.
 */
@QuarkusTest
@TestProfile(OutboxStatisticsTest.ShortClaimTimeout.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "outbox_stats"))
class OutboxStatisticsTest {

    private static final int BACKLOG = 150_000;

    public static class ShortClaimTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("outbox.claim-timeout", "300ms");
        }
    }

    @Inject
    Pool pool;

    @Inject
    OutboxStore store;

    @BeforeEach
    void backlogBuiltSinceTheLastAnalyze() {
        TestDatabase.clean(pool);
        sql("analyze outbox_message");
        sql("insert into outbox_message (kind, message_key, payload, next_attempt_at)"
                + " select 'test', 'key-' || g, '{}'::jsonb, now() - interval '1 second'"
                + " from generate_series(1, " + BACKLOG + ") g");
    }

    @Test
    void aClaimOnStaleStatisticsRefreshesThemAndClaims() {
        assertThat(claimPlan()).as("the claim's plan on stale statistics (this test's premise)")
                .contains("Join Filter");
        OffsetDateTime before = lastAnalyze();

        List<ClaimedMessage> claimed = store.claim("relay-a", 40, Duration.ofSeconds(60))
                .await().atMost(Duration.ofSeconds(30));

        assertThat(claimed).hasSize(40);
        assertThat(claimed.get(0).key()).isEqualTo("key-1");
        assertThat(lastAnalyze()).isAfter(before);
        assertThat(claimPlan()).doesNotContain("Join Filter");
    }

    @Test
    void theTableIsAnalyzedAfterEveryThousandChanges() {
        Row options = pool.query("select array_to_string(reloptions, ',') as o from pg_class"
                + " where relname = 'outbox_message'").execute().await().indefinitely().iterator().next();

        assertThat(options.getString("o")).contains("autovacuum_analyze_scale_factor=0",
                "autovacuum_analyze_threshold=1000");
    }

    private String claimPlan() {
        StringBuilder plan = new StringBuilder();
        pool.withTransaction(tx -> tx.preparedQuery("explain " + OutboxStore.CLAIM)
                .execute(Tuple.of(40, "explain", 60, null, false)))
                .await().indefinitely()
                .forEach(r -> plan.append(r.getString(0)).append('\n'));
        return plan.toString();
    }

    private OffsetDateTime lastAnalyze() {
        return pool.query("select last_analyze from pg_stat_user_tables where relname = 'outbox_message'")
                .execute().await().indefinitely().iterator().next().getOffsetDateTime("last_analyze");
    }

    private void sql(String statement) {
        pool.query(statement).execute().await().indefinitely();
    }
}

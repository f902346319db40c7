package io.engagebridge.transactions.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.engagebridge.testsupport.Replicas;
import io.engagebridge.testsupport.Replicas.Replica;
import io.engagebridge.testsupport.ServiceKeys;

/**
 * A Kubernetes rollout of a new deployment on an empty database: three pods' schema steps (the image's init
 * container, infra/db-migrations) at the same moment apply each migration once; then three replicas of the packaged
 * service started at the same moment all become ready, none fails. Then one is stopped as
 * Kubernetes stops a pod (SIGTERM): its readiness turns DOWN at once while it still answers, and it exits within
 * its shutdown timeout; the others stay ready.
 */
class StartTogetherIT {

    private static final String DATABASE = "transactions_replicas_it";

    @Test
    void threeReplicasStartedAtOnceMigrateOnceAllBecomeReadyAndOneStoppedTurnsUnreadyFirst() throws SQLException, InterruptedException {
        Map<String, String> config = Replicas.freshDatabase(DATABASE);
        config.put("engage.base-url", "http://127.0.0.1:9");
        config.put("engage.api-key", "start-together-it");
        config.put("quarkus.rest-client.contacts.url", "http://127.0.0.1:9");
        config.put("quarkus.shutdown.delay", "3s");
        config.putAll(ServiceKeys.shared().verifierConfig());
        config.putAll(ServiceKeys.shared().signerConfig(ServiceKeys.TRANSACTIONS));
        try (Replicas replicas = new Replicas(Path.of(""), config)) {
            replicas.migrate(3);
            List<Replica> three = replicas.start(3);

            for (Replica replica : three) {
                replica.awaitReady(Duration.ofSeconds(120));
            }

            for (Replica replica : three) {
                assertThat(replica.process().isAlive()).as(replica.name()).isTrue();
                assertThat(replica.output()).as(replica.name() + "'s log").doesNotContain(" ERROR ");
            }
            try (Connection db = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                    config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
                    Statement query = db.createStatement();
                    ResultSet applied = query.executeQuery("""
                            select count(*), count(distinct version), bool_and(success)
                              from flyway_schema_history where version is not null""")) {
                applied.next();
                assertThat(applied.getInt(1)).as("migrations applied").isGreaterThanOrEqualTo(3)
                        .as("each once").isEqualTo(applied.getInt(2));
                assertThat(applied.getBoolean(3)).as("all succeeded").isTrue();
            }

            Replica stopping = three.get(0);
            stopping.process().destroy(); // SIGTERM
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> stopping.status("/q/health/ready", true) == 503);
            assertThat(stopping.status("/receipts/none", false)).as("still answering its callers").isIn(401, 404);
            assertThat(stopping.process().waitFor(30, TimeUnit.SECONDS)).as("stopped within its shutdown timeout")
                    .isTrue();
            for (Replica other : three.subList(1, 3)) {
                assertThat(other.status("/q/health/ready", true)).as(other.name()).isEqualTo(200);
            }
        }
    }
}

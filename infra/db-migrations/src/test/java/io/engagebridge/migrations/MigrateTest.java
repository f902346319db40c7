package io.engagebridge.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.engagebridge.devdb.DevDatabase;

class MigrateTest {

    private static final String DATABASE = "migrate_test";
    private final DevDatabase db = DevDatabase.shared();

    @BeforeEach
    void freshDatabase() {
        db.ensureDatabase(DATABASE, true);
    }

    @Test
    void appliesTheMigrationsOnceThenNothing() throws SQLException {
        MigrateResult first = Migrate.migrate(env());
        MigrateResult again = Migrate.migrate(env());

        assertThat(first.migrationsExecuted).isEqualTo(2);
        assertThat(again.migrationsExecuted).isZero();
        assertThat(count("select count(*) from sample")).isEqualTo(1);
    }

    @Test
    void replicasMigratingAtOnceApplyEachMigrationOnce() throws SQLException {
        CyclicBarrier together = new CyclicBarrier(3);
        List<CompletableFuture<MigrateResult>> three = List.of(1, 2, 3).stream()
                .map(i -> CompletableFuture.supplyAsync(() -> {
                    try {
                        together.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return Migrate.migrate(env());
                }))
                .toList();

        int applied = three.stream().mapToInt(f -> f.join().migrationsExecuted).sum();

        assertThat(applied).isEqualTo(2);
        assertThat(count("select count(*) from flyway_schema_history where version is not null")).isEqualTo(2);
        assertThat(count("select count(*) from sample")).isEqualTo(1);
    }

    @Test
    void noDatabaseNamedIsAClearError() {
        assertThatThrownBy(() -> Migrate.migrate(Map.of("DB_PORT", String.valueOf(db.port()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DB_NAME");
    }

    private Map<String, String> env() {
        return Map.of("DB_NAME", DATABASE, "DB_PORT", String.valueOf(db.port()), "DB_USER", db.user(),
                "DB_MIGRATIONS", "classpath:db/sample");
    }

    private int count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(DATABASE), db.user(), "");
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

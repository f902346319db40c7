package io.engagebridge.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.engagebridge.devdb.DevDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real PostgreSQL for a service's tests, with a fresh database named by the init arg {@code database}.
 * <p>
 * By default an embedded server is started once per test JVM and shared by every test class. Set
 * {@code TEST_PG_HOST} (and optionally {@code TEST_PG_PORT}, {@code TEST_PG_USER}, {@code TEST_PG_PASSWORD})
 * to use a running server instead.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "engage_bridge_test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        String host = System.getenv("TEST_PG_HOST");
        if (host == null || host.isBlank()) {
            DevDatabase db = DevDatabase.shared();
            db.ensureDatabase(database, true);
            return config(db.reactiveUrl(database), db.jdbcUrl(database), db.user(), "");
        }
        String port = env("TEST_PG_PORT", "5432");
        String user = env("TEST_PG_USER", "postgres");
        String password = env("TEST_PG_PASSWORD", "");
        recreate("jdbc:postgresql://" + host + ":" + port + "/postgres", user, password);
        String hostPort = host + ":" + port + "/" + database;
        return config("postgresql://" + hostPort, "jdbc:postgresql://" + hostPort, user, password);
    }

    private void recreate(String adminUrl, String user, String password) {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare test database " + database + " on " + adminUrl, e);
        }
    }

    private static Map<String, String> config(String reactiveUrl, String jdbcUrl, String user, String password) {
        return Map.of(
                "quarkus.datasource.reactive.url", reactiveUrl,
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.username", user,
                "quarkus.datasource.password", password);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public void stop() {
        // The shared server outlives test classes; it stops with the JVM.
    }
}

package io.engagebridge.migrations;

import java.util.Map;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings one service's database to the schema its image carries, then exits: run before the service starts (the
 * Kubernetes init container, {@code infra/scripts/run.sh}), never by the service itself.
 *
 * <p>
 * Reads the service's own database variables: {@code DB_NAME} (required), {@code DB_HOST} (127.0.0.1),
 * {@code DB_PORT} (5432), {@code DB_USER} (postgres), {@code DB_PASSWORD} (none), and {@code DB_MIGRATIONS}, the
 * Flyway locations ({@code classpath:db/migration,classpath:db/outbox}: the service's tables, then the outbox's).
 * Run on the service's class path: {@code java -cp 'quarkus-app/app/*:quarkus-app/lib/main/*'
 * io.engagebridge.migrations.Migrate}. Any number may run at once (replicas' init containers): Flyway takes a lock
 * in the database, and each migration is applied once.
 */
public final class Migrate {

    static final String LOCATIONS = "classpath:db/migration,classpath:db/outbox";

    private Migrate() {
    }

    public static void main(String[] args) {
        // Flyway's lines, one each, as the services' log lines read
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s [%3$s] %5$s%6$s%n");
        try {
            MigrateResult result = migrate(System.getenv());
            System.out.printf("Database %s: %d migration(s) applied, schema at version %s%n", result.database,
                    result.migrationsExecuted, result.targetSchemaVersion != null ? result.targetSchemaVersion
                            : result.initialSchemaVersion);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            System.err.println("The migration failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Migrates the database the variables name; answers what was done. */
    public static MigrateResult migrate(Map<String, String> env) {
        String database = env.get("DB_NAME");
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("DB_NAME is not set: name the service's database (e.g. transactions)");
        }
        String url = "jdbc:postgresql://" + env.getOrDefault("DB_HOST", "127.0.0.1") + ":"
                + env.getOrDefault("DB_PORT", "5432") + "/" + database;
        return Flyway.configure()
                .dataSource(url, env.getOrDefault("DB_USER", "postgres"), env.getOrDefault("DB_PASSWORD", ""))
                .locations(env.getOrDefault("DB_MIGRATIONS", LOCATIONS).split(","))
                // The outbox's migrations are versions 1-9 and may arrive after a service's own (V10+)
                .outOfOrder(true)
                // Java's own logging: the slf4j bindings on a service's class path are the app's, set up by Quarkus
                .loggers("org.flywaydb.core.internal.logging.javautil.JavaUtilLogCreator")
                .load()
                .migrate();
    }
}

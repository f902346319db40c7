package io.engagebridge.devdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server from the binaries on Maven Central (zonky), for local runs and tests on machines
 * where no database is given. Started at most once per JVM; stopped when the JVM ends.
 */
public final class DevDatabase {

    private static final Logger LOG = Logger.getLogger(DevDatabase.class);
    private static DevDatabase instance;

    private final EmbeddedPostgres postgres;

    private DevDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts the shared embedded server on a free port, or answers the one already started in this JVM. */
    public static synchronized DevDatabase shared() {
        if (instance == null) {
            instance = start(0, null);
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "dev-database-stop"));
        }
        return instance;
    }

    /**
     * Starts a server.
     *
     * @param port    0 for any free port
     * @param dataDir where the cluster lives; null for a throw-away directory
     */
    public static DevDatabase start(int port, Path dataDir) {
        try {
            UnpackedBinaries.clearUnfinished(UnpackedBinaries.workingDirectory());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setCleanDataDirectory(dataDir == null)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off");
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                builder.setDataDirectory(dataDir);
            }
            EmbeddedPostgres postgres = builder.start();
            LOG.infof("Embedded PostgreSQL ready on 127.0.0.1:%d", postgres.getPort());
            return new DevDatabase(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String user() {
        return "postgres";
    }

    /** Creates the database if it does not exist yet (idempotent). */
    public void ensureDatabase(String name) {
        ensureDatabase(name, false);
    }

    /** Creates the database, dropping an existing one first when {@code fresh}. */
    public void ensureDatabase(String name, boolean fresh) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            if (fresh) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
            var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!rs.next()) {
                st.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }
}

package io.engagebridge.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Replicas of a packaged service, each its own JVM ({@code target/quarkus-app/quarkus-run.jar}), on one database:
 * for integration tests of what only shows with several processes (starting together, a SIGTERM). Each replica
 * gets a free HTTP port and a free management port; its output goes to {@code target/replicas/<name>.log}.
 */
public final class Replicas implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path app;
    private final Map<String, String> config;
    private final List<Replica> started = new ArrayList<>();

    /** {@code config}: system properties every replica gets (datasource, Engage URL, ...). */
    public Replicas(Path moduleDir, Map<String, String> config) {
        this.app = moduleDir.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(app)) {
            throw new IllegalStateException(app + " is missing: integration tests run after `package`");
        }
        this.config = Map.copyOf(config);
    }

    /** The database settings of {@code database} on the test PostgreSQL (embedded unless TEST_PG_HOST is set), fresh. */
    public static Map<String, String> freshDatabase(String database) {
        PostgresTestResource postgres = new PostgresTestResource();
        postgres.init(Map.of("database", database));
        return new LinkedHashMap<>(postgres.start());
    }

    /**
     * Runs the app's schema step (infra/db-migrations, on the packaged app's class path, as the image's init
     * container does) {@code atOnce} times at the same moment, as the init containers of a rollout's pods do, and
     * waits for them; fails unless each exits 0. Answers their outputs.
     */
    public List<String> migrate(int atOnce) {
        Path quarkusApp = app.getParent();
        String jdbc = config.get("quarkus.datasource.jdbc.url");
        java.util.regex.Matcher url = java.util.regex.Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/(.+)")
                .matcher(jdbc);
        if (!url.matches()) {
            throw new IllegalStateException("Not a PostgreSQL JDBC URL: " + jdbc);
        }
        List<Process> steps = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        try {
            for (int i = 1; i <= atOnce; i++) {
                Path log = quarkusApp.getParent().resolve("replicas/migrate-" + i + ".log");
                Files.createDirectories(log.getParent());
                ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                        "-cp", quarkusApp.resolve("app") + "/*" + java.io.File.pathSeparator
                                + quarkusApp.resolve("lib/main") + "/*",
                        "io.engagebridge.migrations.Migrate")
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                Map<String, String> env = builder.environment();
                env.put("DB_HOST", url.group(1));
                env.put("DB_PORT", url.group(2));
                env.put("DB_NAME", url.group(3));
                env.put("DB_USER", config.getOrDefault("quarkus.datasource.username", "postgres"));
                env.put("DB_PASSWORD", config.getOrDefault("quarkus.datasource.password", ""));
                steps.add(builder.start());
                logs.add(log);
            }
            List<String> outputs = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                if (!steps.get(i).waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
                    steps.get(i).destroyForcibly();
                    throw new IllegalStateException("The migration did not end in 120 s: " + Files.readString(logs.get(i)));
                }
                String output = Files.readString(logs.get(i));
                if (steps.get(i).exitValue() != 0) {
                    throw new IllegalStateException("The migration failed (exit " + steps.get(i).exitValue() + "): "
                            + output);
                }
                outputs.add(output);
            }
            return outputs;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run the migration of " + app, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts {@code count} replicas at once (without waiting for them). */
    public List<Replica> start(int count) {
        List<Replica> replicas = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            replicas.add(launch("replica-" + (started.size() + 1), environment -> { }));
        }
        return replicas;
    }

    /**
     * Starts one replica named {@code name} (without waiting for it), its environment (this JVM's) changed by
     * {@code environment} first: to set or remove the variables an app reads, as a deployment would give them.
     */
    public Replica start(String name, Consumer<Map<String, String>> environment) {
        return launch(name, environment);
    }

    private Replica launch(String name, Consumer<Map<String, String>> environment) {
        int httpPort = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx128m");
        command.add("-Dquarkus.http.port=" + httpPort);
        command.add("-Dquarkus.management.port=" + managementPort);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(app.toString());
        try {
            Path log = app.getParent().getParent().resolve("replicas/" + name + ".log");
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            environment.accept(builder.environment());
            Process process = builder.start();
            Replica replica = new Replica(name, process, httpPort, managementPort, log);
            started.add(replica);
            return replica;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + app, e);
        }
    }

    @Override
    public void close() {
        started.forEach(r -> r.process().destroyForcibly());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One running replica. */
    public record Replica(String name, Process process, int httpPort, int managementPort, Path log) {

        /** The status of {@code path} on the HTTP port, or on the management port when {@code management}; 0 if none answers. */
        public int status(String path, boolean management) {
            int port = management ? managementPort : httpPort;
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }

        /** Waits until {@code path} answers 200 while the process lives; fails with its log's tail otherwise. */
        public void awaitStatus(String path, boolean management, int expected, Duration atMost) {
            await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive() && expected != 0) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail());
                }
                return status(path, management) == expected;
            });
        }

        /**
         * Waits until it is ready: {@code /q/health/ready} answers 200 on the management port (or, for an app that
         * serves health on its HTTP port, there).
         */
        public void awaitReady(Duration atMost) {
            await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail());
                }
                return status("/q/health/ready", true) == 200 || status("/q/health/ready", false) == 200;
            });
        }

        /** Waits until it has exited by itself; its exit code. Fails with its log's tail if it still runs. */
        public int awaitExit(Duration atMost) {
            try {
                if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError(name + " still runs after " + atMost + ":\n" + tail());
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(name + ": interrupted while waiting for it to exit", e);
            }
        }

        /** The last lines of its output. */
        public String tail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        /** Its whole output. */
        public String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "";
            }
        }
    }
}

package io.engagebridge.gateway;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway ({@code target/quarkus-app/quarkus-run.jar}) started as its own process, as a pod would run it,
 * with the {@code test} profile and the given config. Its log goes to {@code target/it-logs/<name>.log}.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private final String url;

    private GatewayProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.url = "http://127.0.0.1:" + port;
    }

    /** Starts the gateway and waits until it is ready. */
    public static GatewayProcess start(String name, Map<String, String> config) {
        String jar = System.getProperty("gateway.jar", "target/quarkus-app/quarkus-run.jar");
        Path logs = Path.of(System.getProperty("gateway.logs", "target/it-logs"));
        int port = RedisTestResource.freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.profile=test", "-Dquarkus.http.port=" + port));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar));
        try {
            Files.createDirectories(logs);
            Path log = logs.resolve(name + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            GatewayProcess gateway = new GatewayProcess(name, process, log, port);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            gateway.awaitReady();
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start gateway " + name + " from " + jar, e);
        }
    }

    public String url() {
        return url;
    }

    /** The gateway's own log, as written so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        await("gateway " + name + " ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("gateway " + name + " stopped:\n" + log());
                    }
                    return isReady();
                });
    }

    private boolean isReady() {
        try {
            HttpResponse<Void> ready = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding());
            return ready.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

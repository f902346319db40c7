package io.engagebridge.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import redis.embedded.RedisServer;

/**
 * A real redis-server (the binary shipped in org.signal:embedded-redis) on a free loopback port, so the shared-cache
 * tests need no Redis on the machine. Sets {@code quarkus.redis.hosts}. Tests may stop and start it again (same
 * port, with what it held) to play an outage.
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    private RedisServer server;
    private int port;

    @Override
    public Map<String, String> start() {
        port = freePort();
        try {
            Path dir = Files.createTempDirectory("embedded-redis");
            server = RedisServer.builder().bind("127.0.0.1").port(port).setting("dir " + dir)
                    .setting("save \"\"").setting("appendonly yes").setting("appendfsync always")
                    .setting("maxmemory 64mb").build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.start();
        return Map.of("quarkus.redis.hosts", url());
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Redis goes away: connections drop and the port is closed until {@link #restart()}. */
    public void stopServer() {
        server.stop();
    }

    /** Redis is back, on the same port, with what it held (its append-only file), as after a network partition. */
    public void restart() {
        server.start();
    }

    /** Empties Redis (FLUSHALL, spoken in RESP over a socket: the tests need no Redis client of their own). */
    public void flushAll() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("*1\r\n$8\r\nFLUSHALL\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            if (!"+OK".equals(answer)) {
                throw new IllegalStateException("FLUSHALL answered " + answer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free port now; nothing listens on it unless something is started there. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null && server.isActive()) {
            server.stop();
        }
    }
}

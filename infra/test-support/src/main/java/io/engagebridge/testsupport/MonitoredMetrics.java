package io.engagebridge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * infra/k8s/monitoring/metrics.txt: the metrics the dashboard and the alerts read, each with the apps whose scrape
 * must show it. {@link ManagementPortChecks} holds every app to its lines; infra/deploy-test holds the dashboard and
 * the alerts to the list.
 */
public final class MonitoredMetrics {

    static final String FILE = "infra/k8s/monitoring/metrics.txt";

    private MonitoredMetrics() {
    }

    /** The metrics metrics.txt says {@code app} exposes. */
    public static List<String> exposedBy(String app) {
        return lines().stream()
                .map(line -> List.of(line.split("\\s+")))
                .filter(words -> words.subList(1, words.size()).contains(app))
                .map(words -> words.get(0))
                .toList();
    }

    /** The metric names of a Prometheus text scrape ({@code name{labels} value} lines). */
    public static Set<String> names(String scrape) {
        return scrape.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toSet());
    }

    private static List<String> lines() {
        try {
            return Files.readAllLines(file()).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Found upwards from where the tests run (a module's directory). */
    private static Path file() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(FILE))) {
                return dir.resolve(FILE);
            }
        }
        throw new IllegalStateException("No " + FILE + " above " + Path.of("").toAbsolutePath());
    }
}

package io.engagebridge.gateway;

import java.util.Arrays;

/** Reads counters out of the gateway's Prometheus text ({@code /q/metrics}). */
public final class Metrics {

    private Metrics() {
    }

    /** The sum of every series of {@code name} whose labels include all of {@code labels} (each {@code key="value"}). */
    public static double sum(String prometheusText, String name, String... labels) {
        return prometheusText.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}

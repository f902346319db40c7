package io.engagebridge.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * infra/k8s/monitoring as the tests read it: the PrometheusRule and its rule file, the Grafana dashboard and its
 * queries, the list of metrics the apps expose, and the metric names a PromQL expression reads.
 */
final class Monitoring {

    static final String DIR = "infra/k8s/monitoring";
    static final String RULES = DIR + "/prometheus-rules.yaml";
    static final String RULE_TESTS = DIR + "/prometheus-rules.test.yaml";
    static final String DASHBOARD = DIR + "/grafana-dashboard.json";
    static final String METRICS = DIR + "/metrics.txt";
    /** What every query and rule selects: the PodMonitor's job label. */
    static final String JOB = "job=\"engage-bridge\"";

    static final ObjectMapper JSON = new ObjectMapper();
    static final YAMLMapper YAML = new YAMLMapper();

    /** Words of PromQL that are neither functions nor metrics. */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "offset", "bool", "inf", "nan", "Inf", "NaN", "atan2");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private Monitoring() {
    }

    /** The PrometheusRule's {@code spec}: a plain Prometheus rule file ({@code groups:}). */
    static JsonNode ruleFile(Path root) {
        JsonNode rule = readYaml(root.resolve(RULES));
        if (!"PrometheusRule".equals(rule.path("kind").asText())) {
            throw new IllegalStateException(RULES + " is not a PrometheusRule");
        }
        return rule.get("spec");
    }

    /** Every alerting rule of the rule file, by alert name. */
    static Map<String, JsonNode> alerts(JsonNode ruleFile) {
        Map<String, JsonNode> alerts = new LinkedHashMap<>();
        ruleFile.path("groups").forEach(group -> group.path("rules").forEach(rule -> {
            if (rule.has("alert")) {
                alerts.put(rule.get("alert").asText(), rule);
            }
        }));
        return alerts;
    }

    static List<JsonNode> rules(JsonNode ruleFile) {
        List<JsonNode> rules = new ArrayList<>();
        ruleFile.path("groups").forEach(group -> group.path("rules").forEach(rules::add));
        return rules;
    }

    static JsonNode dashboard(Path root) {
        try {
            return JSON.readTree(root.resolve(DASHBOARD).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel that draws something (rows are layout, nested or not), in order. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> {
            if ("row".equals(panel.path("type").asText())) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        });
        return panels;
    }

    /** Every query of the dashboard: its panels' targets' expressions. */
    static List<String> queries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        panels(dashboard).forEach(panel -> panel.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
        return queries;
    }

    /** metrics.txt: each metric and the apps (or "prometheus") that expose it. */
    static Map<String, List<String>> metricList(Path root) {
        try {
            Map<String, List<String>> metrics = new LinkedHashMap<>();
            for (String line : Files.readAllLines(root.resolve(METRICS))) {
                String content = line.strip();
                if (content.isEmpty() || content.startsWith("#")) {
                    continue;
                }
                String[] words = content.split("\\s+");
                metrics.put(words[0], List.of(words).subList(1, words.length));
            }
            return metrics;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The metric names a PromQL expression reads: identifiers that are not a function (followed by "("), a keyword,
     * a label (inside {@code {}} or a {@code by (...)}-like list) or part of a string or a range.
     */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String word = m.group();
            boolean partOfNumber = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
            boolean function = s.substring(m.end()).stripLeading().startsWith("(");
            if (!partOfNumber && !function && !KEYWORDS.contains(word)) {
                names.add(word);
            }
        }
        return names;
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

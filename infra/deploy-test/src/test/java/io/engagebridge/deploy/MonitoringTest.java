package io.engagebridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * infra/k8s/monitoring without any tool: the Grafana dashboard is importable and every panel queries something the
 * apps expose (metrics.txt, which each app's ManagementPortTest proves against its own scrape); every alert has a
 * severity, a summary, a runbook in the README and a unit test in prometheus-rules.test.yaml (which promtool runs:
 * PrometheusRulesTest).
 */
class MonitoringTest {

    private static final Set<String> SEVERITIES = Set.of("critical", "warning");
    private static final Set<String> APPS = Set.of("contacts-service", "transactions-service", "promotions-service",
            "gateway", "prometheus");

    private static Path root;
    private static JsonNode dashboard;
    private static JsonNode ruleFile;
    private static Map<String, JsonNode> alerts;
    private static Map<String, List<String>> metricList;
    private static String readme;

    @BeforeAll
    static void read() throws IOException {
        root = Repository.root();
        dashboard = Monitoring.dashboard(root);
        ruleFile = Monitoring.ruleFile(root);
        alerts = Monitoring.alerts(ruleFile);
        metricList = Monitoring.metricList(root);
        readme = Files.readString(root.resolve("README.md"));
    }

    @Test
    void metricNamesAreReadFromAQueryAsPrometheusWould() {
        assertThat(Monitoring.metricNames("histogram_quantile(0.99, sum by (le, uri) (rate(http_server_requests_seconds_bucket"
                + "{job=\"engage-bridge\", status=~\"5..\"}[$__rate_interval])))"))
                .containsExactly("http_server_requests_seconds_bucket");
        assertThat(Monitoring.metricNames("(max by (namespace) (a_total{x=\"up\"}) > 9e2) unless on (namespace) "
                + "(min(b offset 1h) == 0) or absent(up{service=\"gateway\"}) or c * 0"))
                .containsExactly("a_total", "b", "up", "c");
    }

    @Test
    void theDashboardIsImportableWithADatasourceANamespaceAndAServiceVariable() {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(dashboard.path("title").asText()).as("title").isNotBlank();
        soft.assertThat(dashboard.path("uid").asText()).as("uid").isNotBlank();
        soft.assertThat(dashboard.path("schemaVersion").asInt()).as("schemaVersion").isPositive();
        soft.assertThat(dashboard.has("id") && !dashboard.get("id").isNull()).as("no instance id (import gives one)").isFalse();
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        dashboard.path("templating").path("list").forEach(v -> variables.put(v.path("name").asText(), v));
        soft.assertThat(variables).as("variables").containsKeys("datasource", "namespace", "service");
        if (variables.containsKey("datasource")) {
            soft.assertThat(variables.get("datasource").path("type").asText()).isEqualTo("datasource");
            soft.assertThat(variables.get("datasource").path("query").asText()).isEqualTo("prometheus");
        }
        for (String name : List.of("namespace", "service")) {
            JsonNode v = variables.get(name);
            if (v == null) {
                continue;
            }
            soft.assertThat(v.path("type").asText()).as("%s is a query variable", name).isEqualTo("query");
            soft.assertThat(v.path("datasource").path("uid").asText()).as("%s: datasource", name).isEqualTo("${datasource}");
            soft.assertThat(v.path("definition").asText()).as("%s: its values come from the PodMonitor's targets", name)
                    .contains(Monitoring.JOB).contains("label_values(").endsWith(", " + name + ")");
        }
        if (variables.containsKey("service")) {
            soft.assertThat(variables.get("service").path("includeAll").asBoolean()).as("service: All").isTrue();
            soft.assertThat(variables.get("service").path("multi").asBoolean()).as("service: several").isTrue();
            soft.assertThat(variables.get("service").path("allValue").asText()).as("service: All is a regex").isEqualTo(".*");
        }
        soft.assertAll();
    }

    @Test
    void everyPanelHasAQueryOnTheChosenDatasourceAndNamespace() {
        SoftAssertions soft = new SoftAssertions();
        List<JsonNode> panels = Monitoring.panels(dashboard);
        soft.assertThat(panels).as("panels").hasSizeGreaterThanOrEqualTo(10);
        Set<Integer> ids = new LinkedHashSet<>();
        dashboard.path("panels").forEach(p -> soft.assertThat(ids.add(p.path("id").asInt())).as("panel id %s unique",
                p.path("id")).isTrue());
        for (JsonNode panel : panels) {
            String what = "panel '" + panel.path("title").asText() + "'";
            soft.assertThat(panel.path("title").asText()).as("%s: a title", what).isNotBlank();
            soft.assertThat(panel.path("gridPos").path("w").asInt()).as("%s: a place on the grid", what).isPositive();
            soft.assertThat(panel.path("datasource").path("uid").asText()).as("%s: datasource", what).isEqualTo("${datasource}");
            soft.assertThat(panel.path("targets").size()).as("%s: at least one query", what).isPositive();
            panel.path("targets").forEach(target -> {
                String expr = target.path("expr").asText();
                soft.assertThat(expr).as("%s: a query", what).isNotBlank();
                soft.assertThat(target.path("datasource").path("uid").asText()).as("%s: query datasource", what)
                        .isEqualTo("${datasource}");
                soft.assertThat(expr).as("%s: selects the PodMonitor's job and the chosen namespace", what)
                        .contains(Monitoring.JOB).contains("namespace=\"$namespace\"");
                soft.assertThat(Monitoring.metricNames(expr)).as("%s: reads a metric", what).isNotEmpty();
            });
        }
        soft.assertAll();
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsReadIsOneTheAppsExposeAndNoneListedIsUnused() {
        Set<String> used = new TreeSet<>();
        Monitoring.queries(dashboard).forEach(q -> used.addAll(Monitoring.metricNames(q)));
        Monitoring.rules(ruleFile).forEach(r -> used.addAll(Monitoring.metricNames(r.path("expr").asText())));

        assertThat(metricList.keySet()).as("metrics.txt lists every metric a query or rule reads").containsAll(used);
        assertThat(used).as("every metric in metrics.txt is read by a query or rule").containsAll(metricList.keySet());
        metricList.forEach((metric, exposedBy) -> assertThat(exposedBy)
                .as("%s: exposed by apps (or prometheus)", metric).isNotEmpty().isSubsetOf(APPS));
    }

    @Test
    void everyAlertHasASeverityASummaryAndARunbookInTheReadme() {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(alerts).as("alerts").hasSizeGreaterThanOrEqualTo(6);
        soft.assertThat(Monitoring.rules(ruleFile)).as("alerting rules only").allMatch(r -> r.has("alert"));
        String monitoring = section(readme, "## Monitoring");
        alerts.forEach((name, rule) -> {
            soft.assertThat(rule.path("labels").path("severity").asText()).as("%s: severity", name).isIn(SEVERITIES);
            soft.assertThat(rule.path("annotations").path("summary").asText()).as("%s: summary", name).isNotBlank();
            soft.assertThat(rule.path("expr").asText()).as("%s: selects the PodMonitor's job", name)
                    .contains(Monitoring.JOB);
            soft.assertThat(rule.path("annotations").path("runbook_url").asText()).as("%s: runbook_url", name)
                    .endsWith("README.md#" + name.toLowerCase());
            soft.assertThat(monitoring).as("%s: a runbook heading in README.md's Monitoring section", name)
                    .containsPattern("(?m)^#### " + name + "$");
        });
        soft.assertAll();
    }

    @Test
    void everyAlertHasAUnitTestWhereItFiresAndATimeItDoesNotYet() {
        JsonNode tests = Monitoring.readYaml(root.resolve(Monitoring.RULE_TESTS));
        Set<String> fires = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        tests.path("tests").forEach(test -> test.path("alert_rule_test").forEach(check -> {
            String alert = check.path("alertname").asText();
            (check.path("exp_alerts").isEmpty() ? silent : fires).add(alert);
        }));
        assertThat(tests.path("rule_files").get(0).asText()).as("the tests load the extracted rule file").isEqualTo("rules.yaml");
        assertThat(fires).as("alerts with a check where they fire").containsAll(alerts.keySet());
        assertThat(silent).as("alerts with a check where they do not fire (yet)").containsAll(alerts.keySet());
        assertThat(fires).as("no test of an alert that does not exist").isSubsetOf(alerts.keySet());
    }

    /** From a heading to the next heading of the same level. */
    private static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        assertThat(start).as("README.md has a section '%s'", heading).isNotNegative();
        String prefix = heading.substring(0, heading.indexOf(' ') + 1);
        int end = markdown.indexOf("\n" + prefix, start + heading.length() + 2);
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }
}

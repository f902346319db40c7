package io.engagebridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules through Prometheus' own tool: the PrometheusRule's spec (infra/k8s/monitoring/prometheus-rules.yaml)
 * is written out as a plain rule file, {@code rules.yaml}, beside a copy of prometheus-rules.test.yaml; then
 * {@code promtool check rules} and {@code promtool test rules} (a unit test per alert: synthetic series, the minute
 * it fires and the minute before). Skipped, saying so, where promtool is not installed (Debian: apt-get install
 * prometheus).
 */
class PrometheusRulesTest {

    private static final String NO_PROMTOOL = "promtool is not on the PATH: the alert rules under infra/k8s/monitoring "
            + "were NOT checked nor unit-tested. Install it (Debian: apt-get install prometheus) to run PrometheusRulesTest.";

    private static Optional<Path> promtool;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPromtool() {
        promtool = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isBlank())
                .map(d -> Path.of(d, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
        if (promtool.isEmpty()) {
            System.err.println("WARNING " + NO_PROMTOOL);
        }
    }

    @BeforeEach
    void extractTheRuleFile() throws IOException {
        assumeTrue(promtool.isPresent(), NO_PROMTOOL);
        Path root = Repository.root();
        Monitoring.YAML.writeValue(dir.resolve("rules.yaml").toFile(), Monitoring.ruleFile(root));
        Files.copy(root.resolve(Monitoring.RULE_TESTS), dir.resolve("rules.test.yaml"));
    }

    @Test
    void theRulesPassPromtoolCheck() {
        Result check = promtool("check", "rules", "rules.yaml");
        assertThat(check.exitCode()).as("promtool check rules:\n%s", check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + Monitoring.alerts(Monitoring.ruleFile(Repository.root())).size()
                + " rules found");
    }

    @Test
    void everyAlertFiresAtItsThresholdAndNotBefore() {
        Result test = promtool("test", "rules", "rules.test.yaml");
        assertThat(test.exitCode()).as("promtool test rules:\n%s", test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    private record Result(int exitCode, String output) {
    }

    private Result promtool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(promtool.orElseThrow().toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool did not finish in 60 s: " + output);
            }
            System.out.println("promtool " + String.join(" ", args) + ":\n" + output);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + promtool.get(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.engagebridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Every app's src/main/docker/Dockerfile.jvm builds over the fast-jar with an overridable Java base, runs as a user
 * that is not root, declares the app's own ports (from its application.properties) and bakes in nothing secret.
 */
class DockerfilesTest {

    private static final Pattern CREDENTIAL = Pattern.compile(".*(PASSWORD|API_KEY|APIKEY|SECRET|TOKEN).*",
            Pattern.CASE_INSENSITIVE);

    @Test
    void everyAppHasAJvmImageOverTheFastJarThatRunsAsANonRootUser() throws IOException {
        Path root = Repository.root();
        SoftAssertions soft = new SoftAssertions();
        for (String name : AppConfig.MODULES.keySet()) {
            AppConfig app = AppConfig.read(root, name);
            Path dockerfile = app.module().resolve("src/main/docker/Dockerfile.jvm");
            assertThat(dockerfile).as("%s: Dockerfile.jvm", name).isRegularFile();
            List<String> lines = Files.readAllLines(dockerfile).stream()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            soft.assertThat(lines).as("%s: the Java base is BASE_IMAGE", name)
                    .anyMatch(l -> l.startsWith("ARG BASE_IMAGE=")).contains("FROM ${BASE_IMAGE}");
            soft.assertThat(lines).as("%s: the fast-jar layout", name)
                    .anyMatch(l -> l.startsWith("COPY target/quarkus-app/lib/"))
                    .anyMatch(l -> l.startsWith("COPY target/quarkus-app/quarkus/"))
                    .anyMatch(l -> l.contains("quarkus-run.jar"));
            List<String> users = lines.stream().filter(l -> l.startsWith("USER ")).toList();
            soft.assertThat(users).as("%s: a USER", name).isNotEmpty();
            if (!users.isEmpty()) {
                soft.assertThat(users.get(users.size() - 1).substring(5).trim())
                        .as("%s: the last USER is numeric and not root", name)
                        .matches("[1-9][0-9]*(:[0-9]+)?");
            }
            List<String> exposed = lines.stream().filter(l -> l.startsWith("EXPOSE "))
                    .flatMap(l -> Arrays.stream(l.substring(7).trim().split("\\s+"))).toList();
            soft.assertThat(exposed).as("%s: EXPOSE the API and management ports", name)
                    .contains(String.valueOf(app.httpPort()), String.valueOf(app.managementPort()));
            String javaOpts = "JAVA_OPTS=\"" + localRunJavaOpts(root, name) + " -Djava.io.tmpdir=/tmp\"";
            soft.assertThat(lines).as("%s: the JVM options of the local run (java_opts in infra/scripts/common.sh)", name)
                    .contains(javaOpts);
            soft.assertThat(lines).as("%s: nothing secret in ENV or ARG", name)
                    .filteredOn(l -> l.startsWith("ENV ") || l.startsWith("ARG "))
                    .noneMatch(l -> CREDENTIAL.matcher(l).matches());
        }
        soft.assertAll();
    }

    /** What the local run starts the app with: infra/scripts/common.sh's java_opts, JAVA_OPTS unset. */
    private static String localRunJavaOpts(Path root, String app) throws IOException {
        CommonScript.Result javaOpts = CommonScript.run(root, Map.of("APP", app), "java_opts \"$APP\"");
        assertThat(javaOpts.status()).as("java_opts %s: %s", app, javaOpts.output()).isZero();
        return javaOpts.output();
    }
}

package io.engagebridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The startup archives of the local run (infra/scripts/common.sh, recorded by run.sh once per build): one start of an
 * app records an archive beside its jar that the JVM maps for that jar, and a start that fails leaves none behind and
 * is not tried again. On a copy of the Engage sandbox's packaged app, which starts with no settings at all, so the
 * build's own archives are left alone.
 */
class StartupArchiveTest {

    /** common.sh's functions, the app's home being the copy. */
    private static final String ON_THE_COPY = "app_home() { echo \"$APP_HOME\"; }\n";

    private final Path root = Repository.root();

    @TempDir
    Path copy;

    private Map<String, String> env;

    @BeforeEach
    void copyTheSandbox() throws IOException {
        Path packaged = root.resolve("infra/engage-sandbox/target/quarkus-app");
        assumeTrue(Files.isRegularFile(packaged.resolve("quarkus-run.jar")),
                "the sandbox is packaged (the reactor builds it before this module)");
        try (Stream<Path> files = Files.walk(packaged)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(packaged.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().startsWith("startup.jsa")) {
                    Files.copy(file, target);
                }
            }
        }
        env = Map.of("APP_HOME", copy.toString());
    }

    @Test
    void oneStartRecordsAnArchiveThatTheJvmMapsForTheApp() throws IOException {
        // an app told to log warnings only still says when it has started, which the recording waits for
        Map<String, String> quiet = Map.of("APP_HOME", copy.toString(), "QUARKUS_LOG_LEVEL", "WARN");
        CommonScript.Result recorded = CommonScript.run(root, quiet,
                ON_THE_COPY + "record_startup_archive engage-sandbox && startup_opts engage-sandbox");

        Path archive = copy.resolve("startup.jsa");
        assertThat(recorded.status()).as(recorded.output()).isZero();
        assertThat(recorded.output()).as("startup_opts names it").endsWith("-XX:SharedArchiveFile=" + archive);
        assertThat(archive).isNotEmptyFile();
        assertThat(copy.resolve("startup.jsa.part")).doesNotExist();
        assertThat(copy.resolve("startup.jsa.log")).content().contains(" started in ");

        // -Xshare:on: the JVM refuses to start unless it maps the archive for this class path
        CommonScript.Result mapped = CommonScript.run(root, env, ON_THE_COPY
                + "java -Xshare:on $(startup_opts engage-sandbox) -Xlog:cds=info -cp \"$APP_HOME/quarkus-run.jar\" -version");
        assertThat(mapped.status()).as(mapped.output()).isZero();
        assertThat(mapped.output()).contains("Opened archive " + archive);
        CommonScript.Result otherJar = CommonScript.run(root, env, ON_THE_COPY
                + "java -Xshare:on $(startup_opts engage-sandbox) -cp \"$APP_HOME/lib/main\" -version");
        assertThat(otherJar.status()).as("the archive is refused for another class path: %s", otherJar.output())
                .isNotZero();
    }

    @Test
    void aRecordingStoppedMidwayStopsItsAppAndLeavesNothingSoTheNextRunRecordsAgain() throws IOException {
        // run.sh stopped (Ctrl-C) while it records: it sends the recording TERM once the app is starting, as run.sh
        // with its shell options
        CommonScript.Result stopped = CommonScript.run(root, env, ON_THE_COPY + """
                set -euo pipefail
                record_startup_archive engage-sandbox & recording=$!
                deadline=$((SECONDS + 60))   # until the app has begun to start
                until [ -s "$APP_HOME/startup.jsa.log" ] || [ $SECONDS -ge $deadline ]; do sleep 0.05; done
                kill -TERM $recording; wait $recording || true
                pgrep -f -- "$APP_HOME/quarkus-run.jar" >/dev/null && echo "the app still runs" || echo "the app stopped"
                """);

        assertThat(stopped.output()).as(stopped.output()).endsWith("the app stopped");
        try (Stream<Path> left = Files.list(copy)) {
            assertThat(left.map(file -> file.getFileName().toString())).as("no archive, partial file or log")
                    .noneMatch(name -> name.startsWith("startup.jsa"));
        }
    }

    @Test
    void aStartThatFailsLeavesNoArchiveAndIsNotTriedAgain() throws IOException {
        // the app cannot start (as when a setting is missing): its JVM exits, writing what it had loaded
        Map<String, String> unstartable = Map.of("APP_HOME", copy.toString(), "QUARKUS_HTTP_HOST", "999.0.0.1");
        CommonScript.Result failed = CommonScript.run(root, unstartable, ON_THE_COPY
                + "record_startup_archive engage-sandbox; echo \"[$(startup_opts engage-sandbox)]\"");

        assertThat(failed.status()).as(failed.output()).isZero();
        assertThat(failed.output()).contains("engage-sandbox did not start to record its startup archive")
                .endsWith("[]");
        assertThat(copy.resolve("startup.jsa")).doesNotExist();
        assertThat(copy.resolve("startup.jsa.part")).doesNotExist();
        Path log = copy.resolve("startup.jsa.log");
        assertThat(log).content().contains("Unable to start HTTP server");

        Files.writeString(log, "kept");
        CommonScript.Result again = CommonScript.run(root, unstartable, ON_THE_COPY + "record_startup_archive engage-sandbox");
        assertThat(again.status()).isZero();
        assertThat(again.output()).as("not tried again").isEmpty();
        assertThat(log).hasContent("kept");
    }
}

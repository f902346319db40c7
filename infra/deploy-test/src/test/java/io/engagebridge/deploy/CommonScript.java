package io.engagebridge.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs bash lines over infra/scripts/common.sh, the local run's shared functions, from the repository's root. */
final class CommonScript {

    /** What the lines printed (stdout and stderr together) and their exit status. */
    record Result(int status, String output) {
    }

    private CommonScript() {
    }

    /** {@code lines} after {@code source infra/scripts/common.sh}, with JAVA_OPTS unset and {@code env} added. */
    static Result run(Path root, Map<String, String> env, String lines) throws IOException {
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", "source infra/scripts/common.sh\n" + lines)
                .directory(root.toFile()).redirectErrorStream(true);
        bash.environment().remove("JAVA_OPTS");
        bash.environment().putAll(env);
        Process process = bash.start();
        try {
            // read to the end: bash has closed its output, so it has ended or is about to
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return new Result(process.waitFor(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}

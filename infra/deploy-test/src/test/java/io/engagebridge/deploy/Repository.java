package io.engagebridge.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where the repository is, and the version its parent POM gives every module (and so every image tag). */
final class Repository {

    private static final Pattern VERSION = Pattern.compile(
            "<artifactId>engage-bridge-parent</artifactId>\\s*<version>([^<]+)</version>");

    private Repository() {
    }

    /** The directory holding infra/k8s, found upwards from where the tests run (this module's directory). */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("infra/k8s")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No infra/k8s above " + Path.of("").toAbsolutePath());
    }

    static String projectVersion(Path root) throws IOException {
        Matcher m = VERSION.matcher(Files.readString(root.resolve("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("No project version in " + root.resolve("pom.xml"));
        }
        return m.group(1).trim();
    }
}

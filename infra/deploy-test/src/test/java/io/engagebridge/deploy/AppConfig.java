package io.engagebridge.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one app reads in production, taken from its own {@code application.properties} (and the configuration files
 * of the shared modules it uses): its ports, its shutdown timeout, and the environment variables it reads with their
 * defaults. Profile-specific keys other than {@code %prod.} are left out.
 */
record AppConfig(String name, Path module, Map<String, String> properties, Map<String, Optional<String>> envVars) {

    /** Every app the manifests deploy, by its Kubernetes name, and its module. */
    static final Map<String, String> MODULES = Map.of(
            "contacts-service", "contacts-service",
            "transactions-service", "transactions-service",
            "promotions-service", "promotions-service",
            "gateway", "gateway",
            "engage-sandbox", "infra/engage-sandbox");

    /** The apps built on web-common (and so reading its configuration too): all but the sandbox. */
    static final Set<String> WEB_COMMON_APPS = Set.of("contacts-service", "transactions-service", "promotions-service",
            "gateway");

    /** The services that use the Engage client (and so read its configuration too). */
    static final Set<String> ENGAGE_CLIENTS = Set.of("contacts-service", "transactions-service", "promotions-service");

    /**
     * Variables the Engage client reads through its {@code @ConfigMapping} (EngageConfig), not through a placeholder:
     * see the table in infra/engage-client/README.md.
     */
    static final List<String> ENGAGE_CLIENT_MAPPED = List.of("ENGAGE_RATE_LIMIT_BUDGET", "ENGAGE_RATE_LIMIT_DATABASE_URL");

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    static AppConfig read(Path root, String name) {
        Path module = root.resolve(MODULES.get(name));
        Properties merged = new Properties();
        if (WEB_COMMON_APPS.contains(name)) {
            load(merged, root.resolve("infra/web-common/src/main/resources/META-INF/microprofile-config.properties"));
        }
        if (ENGAGE_CLIENTS.contains(name)) {
            load(merged, root.resolve("infra/engage-client/src/main/resources/META-INF/microprofile-config.properties"));
        }
        load(merged, module.resolve("src/main/resources/application.properties"));
        Map<String, String> properties = new LinkedHashMap<>();
        for (String key : merged.stringPropertyNames()) {
            if (key.startsWith("%prod.")) {
                properties.put(key.substring("%prod.".length()), merged.getProperty(key));
            } else if (!key.startsWith("%")) {
                properties.putIfAbsent(key, merged.getProperty(key));
            }
        }
        Map<String, Optional<String>> env = new LinkedHashMap<>();
        properties.values().forEach(value -> env.putAll(placeholders(value)));
        if (ENGAGE_CLIENTS.contains(name)) {
            ENGAGE_CLIENT_MAPPED.forEach(variable -> env.putIfAbsent(variable, Optional.empty()));
        }
        return new AppConfig(name, module, Map.copyOf(properties), env);
    }

    /** A property's value as the app sees it when no environment variable is set. */
    Optional<String> value(String key) {
        return Optional.ofNullable(properties.get(key)).map(AppConfig::withDefaults);
    }

    int httpPort() {
        return Integer.parseInt(value("quarkus.http.port").orElse("8080"));
    }

    int managementPort() {
        return Integer.parseInt(value("quarkus.management.port").orElse("9000"));
    }

    boolean managementEnabled() {
        return value("quarkus.management.enabled").map(Boolean::parseBoolean).orElse(false);
    }

    Duration shutdownTimeout() {
        return value("quarkus.shutdown.timeout").map(AppConfig::duration).orElse(Duration.ZERO);
    }

    /** The environment variables that choose a port the container declares (checked against the manifests). */
    Set<String> portVariables() {
        Map<String, Optional<String>> ports = new LinkedHashMap<>();
        ports.putAll(placeholders(properties.getOrDefault("quarkus.http.port", "")));
        ports.putAll(placeholders(properties.getOrDefault("quarkus.management.port", "")));
        return ports.keySet();
    }

    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return Duration.parse(text.trim());
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /**
     * The environment variables named in a value, {@code ${NAME}} or {@code ${NAME:default}} (defaults may nest),
     * with their defaults. References to other properties ({@code ${engage.base-url}}) are not variables.
     */
    static Map<String, Optional<String>> placeholders(String value) {
        Map<String, Optional<String>> found = new LinkedHashMap<>();
        int at = 0;
        while ((at = value.indexOf("${", at)) >= 0) {
            int end = at + 2;
            while (end < value.length() && isVariableChar(value.charAt(end))) {
                end++;
            }
            String name = value.substring(at + 2, end);
            if (name.isEmpty() || !Character.isUpperCase(name.charAt(0)) || end >= value.length()) {
                at += 2;
                continue;
            }
            if (value.charAt(end) == '}') {
                found.put(name, Optional.empty());
            } else if (value.charAt(end) == ':') {
                found.put(name, Optional.of(value.substring(end + 1, closingBrace(value, at + 1))));
            }
            at = end;
        }
        return found;
    }

    /** The value with every variable replaced by its default (an empty string where it has none). */
    static String withDefaults(String value) {
        int at = value.indexOf("${");
        while (at >= 0) {
            int close = closingBrace(value, at + 1);
            String inner = value.substring(at + 2, close);
            int colon = inner.indexOf(':');
            String name = colon < 0 ? inner : inner.substring(0, colon);
            boolean variable = !name.isEmpty() && Character.isUpperCase(name.charAt(0))
                    && name.chars().allMatch(c -> isVariableChar((char) c));
            if (variable) {
                String replacement = colon < 0 ? "" : withDefaults(inner.substring(colon + 1));
                value = value.substring(0, at) + replacement + value.substring(close + 1);
                at = value.indexOf("${", at + replacement.length());
            } else {
                at = value.indexOf("${", at + 2);
            }
        }
        return value;
    }

    private static boolean isVariableChar(char c) {
        return Character.isUpperCase(c) || Character.isDigit(c) || c == '_';
    }

    private static int closingBrace(String value, int open) {
        int depth = 0;
        for (int i = open; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("Unbalanced ${...} in " + value);
    }

    private static void load(Properties into, Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            into.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}

package io.engagebridge.testsupport.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;

/**
 * Every status an app's tests saw (written down by {@link ObservedStatuses} during the surefire run) is documented for
 * its route in the API document the build wrote ({@code target/openapi/openapi.json},
 * {@code quarkus.smallrye-openapi.store-schema-directory}). An app's {@code OpenApiStatusesIT} extends this: it runs
 * after the tests (failsafe); a status a route answered that the document does not list fails it, naming the route, the
 * status and a request that got it.
 * <p>
 * A request is the route's as the app routes it: its path normalised as Vert.x does (percent-encoded unreserved
 * characters decoded, dot segments removed: {@code /contacts/%2e%2e/identify} is {@code /identify}'s), then matched
 * against the document's paths, a literal segment before a parameter. A method the path does not serve (405) must be
 * documented by every operation of the path. A path the document does not describe ({@code /q/openapi}, one the app
 * answers 404) is left out.
 */
public abstract class DocumentedStatusesCheck {

    protected static final Path OBSERVED = Path.of("target/observed-statuses.txt");
    protected static final Path DOCUMENT = Path.of("target/openapi/openapi.json");

    private static final Pattern PARAMETER = Pattern.compile("\\{[^}]+}");
    private static final Pattern ENCODED = Pattern.compile("%([0-9A-Fa-f]{2})");

    @Test
    void everyStatusTheTestsSawIsDocumentedForItsRoute() throws IOException {
        assumeTrue(Files.exists(OBSERVED), "the tests ran in this build");
        OpenAPI api = new OpenAPIV3Parser().readContents(Files.readString(DOCUMENT)).getOpenAPI();
        List<Template> templates = api.getPaths().keySet().stream().map(Template::new)
                .sorted(Comparator.comparingInt(Template::literals).reversed()).toList();
        Map<String, Set<String>> seen = new TreeMap<>();
        Map<String, String> undocumented = new TreeMap<>();
        for (String line : Files.readAllLines(OBSERVED)) {
            String[] answer = line.split(" ", 3);
            String status = answer[0];
            String method = answer[1];
            String path = normalised(answer[2]);
            List<Template> matching = templates.stream().filter(t -> t.matches(path)).toList();
            if (matching.isEmpty()) {
                continue;
            }
            Template served = matching.stream().filter(t -> operation(api, t, method) != null).findFirst()
                    .orElse(null);
            Map<String, Operation> operations = new LinkedHashMap<>();
            if (served != null) {
                operations.put(method + " " + served.path(), operation(api, served, method));
            } else {
                api.getPaths().get(matching.get(0).path()).readOperationsMap()
                        .forEach((m, operation) -> operations.put(m + " " + matching.get(0).path(), operation));
            }
            operations.forEach((route, operation) -> {
                seen.computeIfAbsent(route, r -> new TreeSet<>()).add(status);
                if (operation.getResponses() == null || !operation.getResponses().containsKey(status)) {
                    undocumented.putIfAbsent(route + " answered " + status, method + " " + answer[2]);
                }
            });
        }
        System.out.println("Statuses the tests saw per documented route: " + seen);

        assertThat(seen).as("the tests' answers on the documented routes").isNotEmpty();
        assertThat(undocumented).as("statuses the tests saw that the document does not list (with a request that got it)")
                .isEmpty();
    }

    private static Operation operation(OpenAPI api, Template template, String method) {
        return api.getPaths().get(template.path()).readOperationsMap().entrySet().stream()
                .filter(e -> e.getKey().name().equals(method)).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /**
     * The path as Vert.x routes it (RFC 3986 6.2.2.2 and 5.2.4): percent-encoded unreserved characters decoded, dot
     * segments removed. Other encoded characters ({@code %2F}) stay encoded, inside their segment.
     */
    static String normalised(String raw) {
        String decoded = ENCODED.matcher(raw).replaceAll(m -> {
            char c = (char) Integer.parseInt(m.group(1), 16);
            boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "-._~".indexOf(c) >= 0;
            return unreserved ? String.valueOf(c) : m.group().toUpperCase();
        });
        Deque<String> segments = new ArrayDeque<>();
        String[] parts = decoded.split("/", -1);
        for (int i = 1; i < parts.length; i++) {
            String segment = parts[i];
            boolean last = i == parts.length - 1;
            if (segment.equals(".") || segment.equals("..")) {
                if (segment.equals("..") && !segments.isEmpty()) {
                    segments.removeLast();
                }
                if (last) {
                    segments.addLast("");
                }
            } else {
                segments.addLast(segment);
            }
        }
        return "/" + String.join("/", segments);
    }

    /** A documented path as a pattern (each parameter one segment of anything), and how many literal characters it has. */
    private record Template(String path, Pattern pattern, int literals) {

        Template(String path) {
            this(path, pattern(path), PARAMETER.matcher(path).replaceAll("").length());
        }

        private static Pattern pattern(String path) {
            StringBuilder regex = new StringBuilder();
            Matcher parameter = PARAMETER.matcher(path);
            int at = 0;
            while (parameter.find()) {
                regex.append(Pattern.quote(path.substring(at, parameter.start()))).append("[^/]+");
                at = parameter.end();
            }
            return Pattern.compile(regex.append(Pattern.quote(path.substring(at))).toString());
        }

        boolean matches(String normalisedPath) {
            return pattern.matcher(normalisedPath).matches();
        }
    }
}

package io.engagebridge.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;

/**
 * Every status the gateway's tests saw (written down by ObservedStatuses during the surefire run) is documented for
 * its route in the API document the build wrote (target/openapi). Runs after the tests, as an integration test; a
 * status a route answers but the document does not list fails here, naming the route and the test's status.
 */
class OpenApiStatusesIT {

    private static final Path OBSERVED = Path.of("target/observed-statuses.txt");
    private static final Path DOCUMENT = Path.of("target/openapi/openapi.json");

    @Test
    void everyStatusTheTestsSawIsDocumentedForItsRoute() throws IOException {
        assumeTrue(Files.exists(OBSERVED), "the tests ran in this build");
        OpenAPI api = new OpenAPIV3Parser().readContents(Files.readString(DOCUMENT)).getOpenAPI();
        Map<String, Operation> operations = OpenApiDocumentTest.operations(api);
        Set<String> seen = new TreeSet<>();
        Set<String> undocumented = new TreeSet<>();
        for (String line : Files.readAllLines(OBSERVED)) {
            String[] answer = line.split(" ");
            String route = route(operations, answer[0], answer[1]);
            if (route == null) {
                continue;
            }
            seen.add(route + " " + answer[2]);
            if (!operations.get(route).getResponses().containsKey(answer[2])) {
                undocumented.add(route + " answered " + answer[2]);
            }
        }

        assertThat(seen).as("the tests' answers on the documented routes").isNotEmpty();
        assertThat(undocumented).as("statuses the tests saw that the document does not list").isEmpty();
    }

    /** The documented operation ("POST /api/v1/contacts/{contactId}") a request went to; null when none. */
    private static String route(Map<String, Operation> operations, String method, String path) {
        for (String operation : operations.keySet()) {
            String[] parts = operation.split(" ", 2);
            String template = Pattern.quote(parts[1]).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (parts[0].equals(method) && Pattern.matches(template, path)) {
                return operation;
            }
        }
        return null;
    }
}

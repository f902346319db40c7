package io.engagebridge.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Writes down every answer the gateway's Quarkus tests get (method, path, status), one line each, to the file named by
 * the system property {@value #FILE_PROPERTY} (the gateway's surefire run sets it): OpenApiStatusesIT then checks that
 * the API document lists each status for its route. A Quarkus test callback (META-INF/services), so it puts itself on
 * the RestAssured the tests use, which is loaded by the application's class loader: one per test profile. The file
 * starts afresh once per test JVM.
 */
public class ObservedStatuses implements QuarkusTestBeforeEachCallback, Filter {

    public static final String FILE_PROPERTY = "test.observed-statuses";
    private static final String STARTED = FILE_PROPERTY + ".started";

    private static ObservedStatuses installed;

    private final Path file;

    public ObservedStatuses() {
        String name = System.getProperty(FILE_PROPERTY);
        this.file = name == null ? null : Path.of(name);
    }

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (file == null) {
            return;
        }
        synchronized (ObservedStatuses.class) {
            if (System.getProperty(STARTED) == null) {
                try {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                    Files.writeString(file, "");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                System.setProperty(STARTED, "true");
            }
            if (installed == null || !RestAssured.filters().contains(installed)) {
                installed = this;
                RestAssured.filters(this);
            }
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        Response answer = context.next(request, response);
        String path = URI.create(request.getURI()).getPath();
        write(request.getMethod() + " " + path + " " + answer.getStatusCode() + "\n");
        return answer;
    }

    private void write(String line) {
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

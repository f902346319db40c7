package io.engagebridge.testsupport.openapi;

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
 * Writes down every answer an app's tests get (status, method, path as sent), one line each, to the file named by the
 * system property {@value #FILE_PROPERTY} (the parent POM's surefire configuration sets it for every module): an
 * app's {@link DocumentedStatusesCheck} then checks that its API document lists each status for its route.
 * <p>
 * Two kinds of call are seen: RestAssured's, through this filter (a Quarkus test callback, registered in
 * META-INF/services, so it puts itself on the RestAssured the tests use, loaded by the application's class loader: one
 * per test profile), and the raw requests of the malformed-request corpus ({@code badinput.RawHttp} calls
 * {@link #record}), which no client would send: wrong methods, chunked bodies, request lines and headers over Vert.x's
 * limits. Without the property nothing is written. The file starts afresh once per test JVM.
 */
public class ObservedStatuses implements QuarkusTestBeforeEachCallback, Filter {

    public static final String FILE_PROPERTY = "test.observed-statuses";
    private static final String STARTED = FILE_PROPERTY + ".started";

    private static ObservedStatuses installed;

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (file() == null) {
            return;
        }
        synchronized (ObservedStatuses.class) {
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
        record(request.getMethod(), URI.create(request.getURI()).getRawPath(), answer.getStatusCode());
        return answer;
    }

    /**
     * Writes down that {@code method} on {@code path} (as sent: percent-encoded, no query) was answered {@code status}.
     * Nothing when no file is named, or when no answer came (status 0).
     */
    public static void record(String method, String path, int status) {
        Path file = file();
        if (file == null || status == 0) {
            return;
        }
        // One line each whatever the path holds: a raw CR, LF or space of a malformed request is written encoded
        String line = status + " " + method + " " + path.replace("\r", "%0D").replace("\n", "%0A") + "\n";
        synchronized (ObservedStatuses.class) {
            try {
                if (System.getProperty(STARTED) == null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                    Files.writeString(file, "");
                    System.setProperty(STARTED, "true");
                }
                Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Path file() {
        String name = System.getProperty(FILE_PROPERTY);
        return name == null || name.isBlank() ? null : Path.of(name);
    }
}

package io.engagebridge.testsupport.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.engagebridge.testsupport.badinput.RawHttp.Answer;

/**
 * Runs the corpus ({@link BadRequests}) against an app, one named test per case, grouped per route. Every answer
 * must be a 4xx for the case's own fault, {@code application/problem+json} whose {@code status} and
 * {@code requestId} agree with the answer, within a second, carrying a harmless {@code X-Request-Id} and no header
 * the request tried to inject; {@code afterEach} adds the app's own checks (nothing stored or queued, nobody called).
 * Broken HTTP ({@code protocol}) is answered by Vert.x, bare: a 4xx within a second, and the app's checks.
 */
public final class BadInput {

    /** No answer may take longer. */
    public static final Duration MAX_ANSWER_TIME = Duration.ofSeconds(1);
    /** Every route has at least this many cases. */
    public static final int MIN_CASES_PER_ROUTE = 50;

    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[\\w.:-]{1,100}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private BadInput() {
    }

    /**
     * The tests for {@code routes} of the app on {@code port}; {@code beforeEach} runs before each request is sent
     * (e.g. to forget WireMock's journal), {@code afterEach} after each answer. Each route is warmed up first (its
     * first cases sent once, unchecked), so a first request's class loading is not timed.
     */
    public static Stream<DynamicNode> tests(int port, int maxBodyBytes, List<Route> routes, Runnable beforeEach,
            BiConsumer<BadRequest, Answer> afterEach) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<DynamicNode> containers = new ArrayList<>();
        for (Route route : routes) {
            List<BadRequest> cases = BadRequests.of(route, maxBodyBytes);
            counts.put(route.name(), cases.size());
            cases.stream().filter(c -> !c.protocol()).limit(3).forEach(c -> RawHttp.send(port, c.request().bytes()));
            List<DynamicNode> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest("the corpus holds at least " + MIN_CASES_PER_ROUTE + " cases (" + cases.size()
                    + ")", () -> assertThat(cases).hasSizeGreaterThanOrEqualTo(MIN_CASES_PER_ROUTE)));
            for (BadRequest bad : cases) {
                tests.add(DynamicTest.dynamicTest(bad.name(), () -> {
                    beforeEach.run();
                    Answer answer = RawHttp.send(port, bad.request().bytes());
                    try {
                        check(bad, answer);
                    } finally {
                        afterEach.accept(bad, answer);
                    }
                }));
            }
            containers.add(DynamicContainer.dynamicContainer(route.name() + " (" + cases.size() + " cases)", tests));
        }
        System.out.println("Malformed requests per route: " + counts);
        return containers.stream();
    }

    static void check(BadRequest bad, Answer answer) {
        assertThat(answer.status()).as("the status of %s: %s", bad, answer).isIn(bad.refusals());
        assertThat(answer.took()).as("the time to answer %s", bad).isLessThan(MAX_ANSWER_TIME);
        assertThat(answer.headers()).as("headers the request tried to inject").doesNotContainKeys("set-cookie",
                "x-injected");
        String requestId = answer.header("X-Request-Id");
        if (requestId != null) {
            assertThat(requestId).as("the X-Request-Id answered").matches(SAFE_REQUEST_ID);
        }
        if (bad.protocol()) {
            return;
        }
        assertThat(answer.header("Content-Type")).as("the media type of the answer: %s", answer)
                .startsWith("application/problem+json");
        JsonNode problem;
        try {
            problem = JSON.readTree(answer.body());
        } catch (Exception e) {
            throw new AssertionError("Not JSON: " + answer, e);
        }
        assertThat(problem.path("status").asInt()).as("the problem's status: %s", answer).isEqualTo(answer.status());
        assertThat(problem.path("title").asText()).as("the problem's title").isNotBlank();
        assertThat(problem.path("requestId").asText(null)).as("the problem's requestId").isEqualTo(requestId);
    }
}

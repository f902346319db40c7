package io.engagebridge.testsupport.badinput;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One route of an API as the corpus sees it: a good request (path values, query, body, token) and what the app
 * checks of it. {@link BadRequests} breaks one thing of the good request per case, so each case is refused for its
 * own fault, not for another.
 */
public final class Route {

    /** How much of a body the app itself reads and checks. */
    public enum BodyChecks {
        /** Passed on as it is (the gateway's receipts): its size and media type only. */
        NONE,
        /** Parsed as JSON (the gateway's identify, redeem): syntax, nesting, the top-level type. */
        SYNTAX,
        /** Read field by field (the services): also every field's type and text. */
        FULL
    }

    /** A query parameter: its good value, the bad ones to try, and whether leaving it out is a fault. */
    public record Param(String good, List<String> bad, boolean required) {
    }

    private final String method;
    private final String template;
    private final Map<String, Param> pathParams = new LinkedHashMap<>();
    private final Map<String, Param> query = new LinkedHashMap<>();
    private String body;
    private BodyChecks bodyChecks = BodyChecks.NONE;
    private final Set<String> freeForm = new LinkedHashSet<>();
    private final Set<String> singleLine = new LinkedHashSet<>();
    private Set<Integer> contentRefusals = Set.of(400);
    private String authorization;
    private Map<String, String> badAuthorizations = Map.of();
    private Set<Integer> authorizationRefusals = Set.of(401);

    private Route(String method, String template) {
        this.method = method;
        this.template = template;
    }

    /** {@code template} names its path parameters in braces: {@code /contacts/{contactId}}. */
    public static Route of(String method, String template) {
        return new Route(method, template);
    }

    /** A path parameter's good value and the bad ones (written into the path as they are: encode them). */
    public Route path(String name, String good, List<String> bad) {
        pathParams.put(name, new Param(good, bad, true));
        return this;
    }

    /** A query parameter (values written into the query as they are: encode them). */
    public Route query(String name, String good, List<String> bad, boolean required) {
        query.put(name, new Param(good, bad, required));
        return this;
    }

    /** The good body, JSON, and how much of it the app checks. */
    public Route body(String json, BodyChecks checks) {
        this.body = json;
        this.bodyChecks = checks;
        return this;
    }

    /** JSON pointers whose content is free (contact attributes): the node itself is typed, what is inside is not. */
    public Route freeForm(String... pointers) {
        freeForm.addAll(List.of(pointers));
        return this;
    }

    /** JSON pointers of text that is one line (customer keys): a tab or a line break in it is a fault too. */
    public Route singleLine(String... pointers) {
        singleLine.addAll(List.of(pointers));
        return this;
    }

    /** The statuses a refused body may get (default 400; the gateway's change rules answer 403 for a name not on its list). */
    public Route contentRefusals(Integer... statuses) {
        contentRefusals = Set.of(statuses);
        return this;
    }

    /** The good {@code Authorization} value, and bad ones by name (a null value: no header at all). */
    public Route authorization(String good, Map<String, String> bad, Integer... refusals) {
        this.authorization = good;
        this.badAuthorizations = new LinkedHashMap<>(bad);
        this.authorizationRefusals = Set.of(refusals);
        return this;
    }

    public String name() {
        return method + " " + template;
    }

    String method() {
        return method;
    }

    Map<String, Param> pathParams() {
        return pathParams;
    }

    Map<String, Param> queryParams() {
        return query;
    }

    String body() {
        return body;
    }

    BodyChecks bodyChecks() {
        return bodyChecks;
    }

    Set<String> freeForm() {
        return freeForm;
    }

    Set<String> singleLine() {
        return singleLine;
    }

    Set<Integer> contentRefusals() {
        return contentRefusals;
    }

    String authorization() {
        return authorization;
    }

    Map<String, String> badAuthorizations() {
        return badAuthorizations;
    }

    Set<Integer> authorizationRefusals() {
        return authorizationRefusals;
    }

    /** The request target with these path values and query values (a null query value: left out). */
    String target(Map<String, String> pathValues, Map<String, String> queryValues) {
        String path = template;
        for (Map.Entry<String, Param> param : pathParams.entrySet()) {
            path = path.replace("{" + param.getKey() + "}", pathValues.getOrDefault(param.getKey(), param.getValue().good()));
        }
        Map<String, String> values = new LinkedHashMap<>();
        query.forEach((name, param) -> values.put(name, param.good()));
        values.putAll(queryValues);
        String search = values.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        return search.isEmpty() ? path : path + "?" + search;
    }
}

package io.engagebridge.web.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.engagebridge.web.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * The answers every route of every API here can give, written once into each app's OpenAPI document (at build time):
 * the problem+json body ({@code Problem}), the shared error answers as components routes refer to by name
 * ({@code BadRequest}, {@code NotFound}, {@code Unavailable}, ...) and headers ({@code RetryAfter},
 * {@code XStaleAge}), and on every operation the statuses it does not list
 * itself but answers all the same:
 * <ul>
 * <li>every route: 400 (also broken HTTP, which Vert.x refuses bare), 405 (the path is served, the method is not), 406
 * (an Accept that takes no JSON), 411
 * (a chunked body, {@code BodyLimits}), 413 (a body over the limit; over 1 MiB Vert.x refuses it bare), 414 and 431
 * (a request line over 4 KiB, headers over 20 KiB: Vert.x, bare, no body), 500;
 * <li>a route that reads a body: 415;
 * <li>a route that names a security requirement (its own, or the document's): 401 and 403.
 * </ul>
 * What a route says itself (a 403 with its own reason, a 400 saying which parameter) is kept; an app's own
 * {@code META-INF/openapi.yaml} may define any of these components in its own words first. See the README, "The API
 * document".
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class CommonAnswers implements OASFilter {

    /** Statuses Vert.x answers itself, with no body, before any code of the app runs (quarkusio/quarkus#55082). */
    public static final Set<String> BARE = Set.of("414", "431");

    private static final String PROBLEM = "#/components/schemas/Problem";
    private static final String QUANTITY = "items[1].quantity must be negative on a RETURN";

    /** Every route, by status: the component that describes it. */
    private static final Map<String, String> EVERY_ROUTE = Map.of("400", "BadRequest", "405", "MethodNotAllowed",
            "406", "NotAcceptable", "411", "LengthRequired", "413", "PayloadTooLarge", "414", "UriTooLong", "431", "HeadersTooLarge", "500",
            "InternalError");
    private static final Map<String, String> WITH_A_BODY = Map.of("415", "UnsupportedMediaType");
    private static final Map<String, String> WITH_A_TOKEN = Map.of("401", "Unauthorized", "403", "Forbidden");

    @Override
    public void filterOpenAPI(OpenAPI api) {
        Components components = api.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            api.components(components);
        }
        addComponents(components);
        boolean securedByDefault = api.getSecurity() != null && !api.getSecurity().isEmpty();
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        api.getPaths().getPathItems().values().forEach(path -> path.getOperations().values()
                .forEach(operation -> addAnswers(operation, securedByDefault)));
    }

    private static void addAnswers(Operation operation, boolean securedByDefault) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        Map<String, APIResponse> all = new TreeMap<>(responses.getAPIResponses() == null ? Map.of()
                : responses.getAPIResponses());
        EVERY_ROUTE.forEach((status, name) -> all.putIfAbsent(status, reference(name)));
        if (operation.getRequestBody() != null) {
            WITH_A_BODY.forEach((status, name) -> all.putIfAbsent(status, reference(name)));
        }
        boolean secured = operation.getSecurity() == null ? securedByDefault : !operation.getSecurity().isEmpty();
        if (secured) {
            WITH_A_TOKEN.forEach((status, name) -> all.putIfAbsent(status, reference(name)));
        }
        responses.setAPIResponses(all);
    }

    private static APIResponse reference(String name) {
        return OASFactory.createAPIResponse().ref("#/components/responses/" + name);
    }

    private static void addComponents(Components components) {
        schema(components, "Problem", CommonAnswers::problemSchema);
        header(components, "RetryAfter", "Seconds to wait before trying again");
        header(components, "XStaleAge", "Present when the answer is the last good copy kept, because what is behind (a "
                + "service, Engage) could not answer: its age in seconds");
        if (components.getResponses() == null || !components.getResponses().containsKey("BadRequest")) {
            APIResponse badRequest = problemAnswer("The request is malformed or breaks a rule (`errors` names each wrong "
                    + "place in the body); nothing was stored or sent. Broken HTTP (a raw CR, LF or NUL in a header, "
                    + "Content-Length with Transfer-Encoding, a raw space in the path) is refused by Vert.x itself, with "
                    + "no body");
            Map<String, Object> example = new LinkedHashMap<>();
            example.put("type", "about:blank");
            example.put("title", "Bad request");
            example.put("status", 400);
            example.put("detail", QUANTITY);
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("pointer", "/items/1/quantity");
            error.put("detail", QUANTITY);
            example.put("errors", List.of(error));
            badRequest.getContent().getMediaType(Problem.MEDIA_TYPE).example(example);
            components.addResponse("BadRequest", badRequest);
        }
        problem(components, "Unauthorized", "No bearer token, or one that is not valid here");
        problem(components, "Forbidden", "The token's caller may not call this route");
        problem(components, "NotFound", "Not found");
        problem(components, "MethodNotAllowed", "The path is served, but not with this method");
        problem(components, "NotAcceptable", "The Accept header takes no JSON: every answer of this API is JSON");
        problem(components, "LengthRequired", "A body of unknown length (Transfer-Encoding: chunked) is not accepted: "
                + "send it with its Content-Length");
        problem(components, "PayloadTooLarge", "The body is larger than this API takes (`web.max-body-bytes`); one over "
                + "1 MiB is refused by Vert.x itself, with no body");
        bare(components, "UriTooLong", "The request line is over 4 KiB: refused by Vert.x itself, with no body");
        problem(components, "UnsupportedMediaType", "The body is not sent as application/json");
        problem(components, "RejectedByEngage", "Engage refused the data; `code` is Engage's");
        bare(components, "HeadersTooLarge", "The headers are over 20 KiB: refused by Vert.x itself, with no body");
        problem(components, "InternalError", "Something went wrong on our side (it is logged)");
        if (components.getResponses() == null || !components.getResponses().containsKey("Unavailable")) {
            components.addResponse("Unavailable", problemAnswer("What this needs cannot answer now; try again after "
                    + "Retry-After").addHeader("Retry-After", OASFactory.createHeader().ref("#/components/headers/RetryAfter")));
        }
    }

    private static void header(Components components, String name, String description) {
        if (components.getHeaders() == null || !components.getHeaders().containsKey(name)) {
            components.addHeader(name, OASFactory.createHeader().description(description)
                    .schema(OASFactory.createSchema().addType(SchemaType.INTEGER)));
        }
    }

    private static void problem(Components components, String name, String description) {
        if (components.getResponses() == null || !components.getResponses().containsKey(name)) {
            components.addResponse(name, problemAnswer(description));
        }
    }

    private static void bare(Components components, String name, String description) {
        if (components.getResponses() == null || !components.getResponses().containsKey(name)) {
            components.addResponse(name, OASFactory.createAPIResponse().description(description));
        }
    }

    private static APIResponse problemAnswer(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(PROBLEM))));
    }

    private static void schema(Components components, String name, Supplier<Schema> schema) {
        if (components.getSchemas() == null || !components.getSchemas().containsKey(name)) {
            components.addSchema(name, schema.get());
        }
    }

    private static Schema problemSchema() {
        Schema error = OASFactory.createSchema().addType(SchemaType.OBJECT)
                .addProperty("pointer", text("A JSON pointer into the body as sent (RFC 6901); \"\" for the whole body")
                        .example("/items/1/quantity"))
                .addProperty("detail", text(null).example(QUANTITY));
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("An error, as RFC 9457 problem details.")
                .addRequired("title").addRequired("status")
                .addProperty("type", text("Absent: about:blank (RFC 9457); the outbox's ops answers leave it out")
                        .example("about:blank"))
                .addProperty("title", text(null).example("Bad request"))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32").example(400))
                .addProperty("detail", text("What is wrong, for people").example(
                        QUANTITY))
                .addProperty("code", text("Engage's error code when Engage refused, or ours (AttributeNotChangeable, "
                        + "ReceiptConflict)"))
                .addProperty("requestId", text("The X-Request-Id of the call, to find it in the logs"))
                .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY)
                        .description("For a body refused, each wrong place in it").items(error));
    }

    private static Schema text(String description) {
        Schema text = OASFactory.createSchema().addType(SchemaType.STRING);
        return description == null ? text : text.description(description);
    }
}

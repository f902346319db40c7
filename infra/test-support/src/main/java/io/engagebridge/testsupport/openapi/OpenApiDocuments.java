package io.engagebridge.testsupport.openapi;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/** An app's API document read with swagger-parser, and what its checks ask of it. */
public final class OpenApiDocuments {

    private OpenApiDocuments() {
    }

    /** The document parsed and validated, every reference resolved; {@code getMessages()} lists what is wrong. */
    public static SwaggerParseResult parse(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(document, null, options);
    }

    /** Every operation of the document by "METHOD path" ("POST /contacts/{contactId}/upgrade"). */
    public static Map<String, Operation> operations(OpenAPI api) {
        Map<String, Operation> all = new TreeMap<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> all.put(method + " " + path, operation)));
        return all;
    }

    /** The answer itself, or the component it refers to. */
    public static ApiResponse resolved(OpenAPI api, ApiResponse answer) {
        String ref = answer.get$ref();
        return ref == null ? answer : api.getComponents().getResponses().get(ref.substring(ref.lastIndexOf('/') + 1));
    }

    /** The media types of an answer's body; none for an answer without one. */
    public static List<String> mediaTypes(OpenAPI api, ApiResponse answer) {
        ApiResponse resolved = resolved(api, answer);
        return resolved.getContent() == null ? List.of() : List.copyOf(resolved.getContent().keySet());
    }
}

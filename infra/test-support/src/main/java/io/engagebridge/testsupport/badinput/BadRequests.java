package io.engagebridge.testsupport.badinput;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.engagebridge.testsupport.badinput.RawRequest.Framing;
import io.engagebridge.testsupport.badinput.RawRequest.Header;
import io.engagebridge.testsupport.badinput.Route.BodyChecks;

/**
 * The corpus: malformed requests for one route, each the route's good request with one thing broken. Categories:
 * <ul>
 * <li>{@code tokens}: the route's bad {@code Authorization} values;
 * <li>{@code path}, {@code query}: path tricks ({@code ..}, encoded slashes and NULs, header injection, other scripts,
 * too long), wrong types and out-of-range values, a required parameter left out;
 * <li>{@code json}, {@code nesting}: broken JSON, invalid UTF-8, another top-level type, a field twice, two values,
 * nesting past the apps' limit (up to 20 000 levels);
 * <li>{@code types}, {@code text}: every field of the good body given another JSON type, huge numbers, and every text
 * given a control character, an unpaired surrogate or 50 000 characters;
 * <li>{@code size}, {@code media type}, {@code method}: bodies over the app's limit (with a length and chunked), bodies
 * that are not JSON, methods the route does not serve;
 * <li>{@code headers}: {@code X-Request-Id} injection (line breaks, folding, markup, JSON, 8 000 characters), on a
 * request refused for another fault;
 * <li>{@code protocol}: broken HTTP that Vert.x refuses itself ({@link BadRequest}).
 * </ul>
 */
public final class BadRequests {

    public static final String PROTOCOL = "protocol";

    /** Writes every character past ASCII as {@code \\uXXXX}, so half a surrogate pair goes out as sent, not as '?'. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final Set<Integer> ROUTED_ELSEWHERE = Set.of(400, 404, 405);
    private static final Set<Integer> PROTOCOL_REFUSALS = Set.of(400, 413, 414, 431);
    /** Over {@code quarkus.http.limits.max-body-size} (1 MiB in every app). */
    private static final int OVER_HARD_LIMIT = 1536 * 1024;
    private static final int HUGE_TEXT = 50_000;

    /** Path segments no id of ours looks like, percent-encoded where a raw one would not be HTTP. */
    private static final List<String> BAD_SEGMENTS = List.of("%2e%2e", "..%2F..%2Fops%2Foutbox", "%2F", "a%2Fb",
            "a%5Cb", "%00", "a%00b", "a%0d%0aX-Injected:%201", "a%20b", "a+b", "a%09b", "%C3%A5sa", "%F0%9F%98%80",
            "a%C3%28", "%FF", "'%20or%20'1'='1", "*", "%25", "%252e%252e", "..;", "%7Bid%7D", "$(id)", "a.b",
            "a_b", "a:b", "~a", "%E2%80%AEa", "a%22b", "%3Cscript%3E");
    private static final List<String> BAD_NUMBERS = List.of("abc", "-1", "1.5", "1e2", "0x1F", "99999999999999999999",
            "%EF%BC%91", "%2B1", "%201", "1%00", "%0d%0a", "NaN", "Infinity", "1,2", "%5B1%5D", "9".repeat(3000), "true");
    private static final List<String> BAD_CHANNELS = List.of("P0S", "ALL", "POS,ECOM", "POS%00", "%00", "POS%0d%0a",
            "%C3%A5", "x".repeat(3000), "POS%20ECOM", "1", "true", "%5B%22POS%22%5D", "null", "%3Cscript%3E");

    private static final List<String> BROKEN_JSON = List.of(" ", "{", "}", "{\"", "{\"a\":", "{\"a\":1,}", "{'a':1}",
            "{a:1}", "[1,2", "nul", "tru", "{\"a\":NaN}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}",
            "/* c */ {}", "\"unterminated", "{\"a\":\"x\u0001y\"}", "{\"a\"\u0000:1}", ",", "{\"a\":1}}");
    private static final List<String> OTHER_TOP_LEVEL = List.of("null", "[]", "[{}]", "\"x\"", "1", "true");
    private static final Map<String, String> CONTROL_TEXT = orderedMap("NUL", "\u0000", "BEL", "\u0007",
            "ESC (terminal escape)", "\u001b[31m", "DEL", "\u007f", "C1 NEL", "\u0085", "unpaired surrogate", "\ud800");
    private static final Map<String, String> LINE_BREAKS = orderedMap("LF", "\n", "CR", "\r", "TAB", "\t");
    private static final List<String> MEDIA_TYPES = List.of("text/plain", "application/x-www-form-urlencoded",
            "application/xml", "multipart/form-data; boundary=x", "application/octet-stream", "text/html");

    private BadRequests() {
    }

    /** Ids at most {@code maxLength} long, of letters, digits and dashes: every bad segment, and two too long. */
    public static List<String> badIds(int maxLength) {
        return Stream.concat(BAD_SEGMENTS.stream(), Stream.of("a".repeat(maxLength + 1), "a".repeat(3000))).toList();
    }

    /** A whole-number parameter: not a number, not whole, not ASCII, too long, and {@code outOfRange}. */
    public static List<String> badNumbers(String... outOfRange) {
        return Stream.concat(BAD_NUMBERS.stream(), Stream.of(outOfRange)).toList();
    }

    /** A channel parameter (POS, ECOM, OTHER): anything else. */
    public static List<String> badChannels() {
        return BAD_CHANNELS;
    }

    /** Every malformed request of {@code route} for an app refusing bodies over {@code maxBodyBytes}. */
    public static List<BadRequest> of(Route route, int maxBodyBytes) {
        RawRequest good = goodRequest(route);
        List<BadRequest> cases = new ArrayList<>();
        tokens(route, good, cases);
        path(route, good, cases);
        query(route, good, cases);
        if (route.body() != null && route.bodyChecks() != BodyChecks.NONE) {
            json(route, good, cases);
            nesting(route, good, cases);
        }
        if (route.body() != null && route.bodyChecks() == BodyChecks.FULL) {
            types(route, good, cases);
            text(route, good, cases);
        }
        size(good, maxBodyBytes, cases);
        if (route.body() != null) {
            mediaTypes(good, cases);
        }
        for (String method : List.of("DELETE", "PUT", "FOO")) {
            cases.add(new BadRequest("method", method + " is not served here", good.withMethod(method), Set.of(405)));
        }
        headers(route, good, List.copyOf(cases), cases);
        protocol(good, cases);
        return cases.stream().map(c -> overLimit(c, maxBodyBytes)).toList();
    }

    /** A body over the app's limit is refused for its size first (413), whatever else is wrong with it. */
    private static BadRequest overLimit(BadRequest bad, int maxBodyBytes) {
        RawRequest request = bad.request();
        boolean tooLarge = request.body() != null && request.body().length > maxBodyBytes
                && request.framing() == Framing.LENGTH && !bad.protocol() && !bad.category().equals("size");
        return tooLarge ? new BadRequest(bad.category(), bad.fault(), request, Set.of(413)) : bad;
    }

    /** The route's good request, which every case breaks in one place. */
    public static RawRequest goodRequest(Route route) {
        List<Header> headers = new ArrayList<>();
        if (route.authorization() != null) {
            headers.add(Header.of("Authorization", route.authorization()));
        }
        if (route.body() != null) {
            headers.add(Header.of("Content-Type", "application/json"));
        }
        return new RawRequest(route.method(), route.target(Map.of(), Map.of()), headers,
                route.body() == null ? null : route.body().getBytes(StandardCharsets.UTF_8), Framing.LENGTH);
    }

    private static void tokens(Route route, RawRequest good, List<BadRequest> cases) {
        route.badAuthorizations().forEach((fault, value) -> cases.add(new BadRequest("tokens", fault,
                good.withHeader("Authorization", value), route.authorizationRefusals())));
    }

    private static void path(Route route, RawRequest good, List<BadRequest> cases) {
        route.pathParams().forEach((name, param) -> {
            for (String bad : param.bad()) {
                cases.add(new BadRequest("path", name + " = " + bad,
                        good.withTarget(route.target(Map.of(name, bad), Map.of())), ROUTED_ELSEWHERE));
            }
        });
        if (route.pathParams().isEmpty()) {
            String path = route.target(Map.of(), Map.of());
            String query = path.contains("?") ? path.substring(path.indexOf('?')) : "";
            String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            for (String suffix : List.of("%00", "%2F", "/x", "%20", "/%2e%2e", "/..%2F..%2Fops%2Foutbox", "%0d%0a",
                    "%3B", ".json", "~")) {
                cases.add(new BadRequest("path", "the path with " + suffix, good.withTarget(bare + suffix + query),
                        ROUTED_ELSEWHERE));
            }
            cases.add(new BadRequest("path", "the path in capitals", good.withTarget(bare.toUpperCase() + query),
                    ROUTED_ELSEWHERE));
        }
    }

    private static void query(Route route, RawRequest good, List<BadRequest> cases) {
        route.queryParams().forEach((name, param) -> {
            if (param.required()) {
                Map<String, String> absent = new HashMap<>();
                absent.put(name, null);
                cases.add(new BadRequest("query", name + " left out", good.withTarget(route.target(Map.of(), absent)),
                        Set.of(400)));
            }
            for (String bad : param.bad()) {
                cases.add(new BadRequest("query", name + " = " + bad,
                        good.withTarget(route.target(Map.of(), Map.of(name, bad))), Set.of(400)));
            }
        });
    }

    private static void json(Route route, RawRequest good, List<BadRequest> cases) {
        Set<Integer> refused = route.contentRefusals();
        cases.add(new BadRequest("json", "no body at all", good.withBody((byte[]) null), refused));
        cases.add(new BadRequest("json", "an empty body", good.withBody(""), refused));
        for (String broken : BROKEN_JSON) {
            cases.add(new BadRequest("json", "broken: " + broken, good.withBody(broken), refused));
        }
        for (String other : OTHER_TOP_LEVEL) {
            cases.add(new BadRequest("json", "not an object: " + other, good.withBody(other), refused));
        }
        cases.add(new BadRequest("json", "a 60 000-byte array instead of an object",
                good.withBody("[" + "1,".repeat(29_999) + "1]"), refused));
        String body = route.body();
        cases.add(new BadRequest("json", "two JSON values", good.withBody(body + " " + body), refused));
        cases.add(new BadRequest("json", "a value after the object", good.withBody(body + "1"), refused));
        ObjectNode tree = tree(body);
        String first = tree.fieldNames().next();
        cases.add(new BadRequest("json", "the field " + first + " twice",
                good.withBody("{\"" + first + "\":" + tree.get(first) + "," + body.substring(body.indexOf('{') + 1)), refused));
        byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
        int quote = body.indexOf("\":\"");
        if (quote > 0) {
            for (byte[] invalid : List.of(new byte[] { (byte) 0xC3, 0x28 }, new byte[] { (byte) 0xFF },
                    new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 })) {
                byte[] broken = new byte[utf8.length + invalid.length];
                int at = body.substring(0, quote + 3).getBytes(StandardCharsets.UTF_8).length;
                System.arraycopy(utf8, 0, broken, 0, at);
                System.arraycopy(invalid, 0, broken, at, invalid.length);
                System.arraycopy(utf8, at, broken, at + invalid.length, utf8.length - at);
                cases.add(new BadRequest("json", "invalid UTF-8 in a text: " + hex(invalid), good.withBody(broken), refused));
            }
        }
    }

    private static void nesting(Route route, RawRequest good, List<BadRequest> cases) {
        Set<Integer> refused = route.contentRefusals();
        cases.add(new BadRequest("nesting", "objects 33 deep", good.withBody(deepObject(33)), refused));
        cases.add(new BadRequest("nesting", "arrays 33 deep", good.withBody(deepArray(33)), refused));
        cases.add(new BadRequest("nesting", "arrays 2 000 deep", good.withBody(deepArray(2_000)), refused));
        cases.add(new BadRequest("nesting", "arrays 20 000 deep", good.withBody(deepArray(20_000)), refused));
        cases.add(new BadRequest("nesting", "50 000 arrays opened, none closed", good.withBody("[".repeat(50_000)), refused));
        ObjectNode tree = tree(route.body());
        String first = tree.fieldNames().next();
        tree.set(first, parse(deepObject(40)));
        cases.add(new BadRequest("nesting", "objects 40 deep in " + first, good.withBody(write(tree)), refused));
    }

    /** Every field of the good body (not inside a free-form one) with a value of another JSON type. */
    private static void types(Route route, RawRequest good, List<BadRequest> cases) {
        JsonNode tree = parse(route.body());
        for (String pointer : pointers(tree, "", route)) {
            JsonNode node = tree.at(pointer);
            for (Map.Entry<String, JsonNode> other : otherTypes(node).entrySet()) {
                cases.add(new BadRequest("types", pointer + " as " + other.getKey(),
                        good.withBody(replaced(tree, pointer, other.getValue())), route.contentRefusals()));
            }
            if (node.isNumber()) {
                for (String huge : List.of("1e999999999", "9".repeat(1_100))) {
                    String body = replaced(tree, pointer, TextNode.valueOf("@@")).replace("\"@@\"", huge);
                    cases.add(new BadRequest("types", pointer + " as the number " + abbreviated(huge),
                            good.withBody(body), route.contentRefusals()));
                }
            }
        }
    }

    /** Every text of the good body (not inside a free-form field) with a control character, or huge. */
    private static void text(Route route, RawRequest good, List<BadRequest> cases) {
        JsonNode tree = parse(route.body());
        for (String pointer : pointers(tree, "", route)) {
            JsonNode node = tree.at(pointer);
            if (!node.isTextual()) {
                continue;
            }
            String value = node.textValue();
            Map<String, String> faults = new LinkedHashMap<>(CONTROL_TEXT);
            if (route.singleLine().contains(pointer)) {
                faults.putAll(LINE_BREAKS);
            }
            faults.forEach((fault, inserted) -> cases.add(new BadRequest("text", pointer + " with " + fault,
                    good.withBody(replaced(tree, pointer, TextNode.valueOf(insert(value, inserted)))),
                    route.contentRefusals())));
            cases.add(new BadRequest("text", pointer + " " + HUGE_TEXT + " characters long",
                    good.withBody(replaced(tree, pointer, TextNode.valueOf(value + "x".repeat(HUGE_TEXT)))),
                    route.contentRefusals()));
        }
    }

    /** Bodies over the app's limit, and bodies of unknown length (chunked), which no app takes (web-common's BodyLimits). */
    private static void size(RawRequest good, int maxBodyBytes, List<BadRequest> cases) {
        RawRequest withJson = good.withHeader("Content-Type", "application/json");
        cases.add(new BadRequest("size", "a body of " + (maxBodyBytes + 1) + " bytes, over the limit of " + maxBodyBytes,
                withJson.withBody(paddedJson(maxBodyBytes + 1)), Set.of(413)));
        for (int bytes : new int[] { maxBodyBytes * 2, OVER_HARD_LIMIT }) {
            cases.add(new BadRequest("size", "a chunked body of " + bytes + " bytes",
                    withJson.withBody(paddedJson(bytes)).withFraming(Framing.CHUNKED), Set.of(411)));
        }
        cases.add(new BadRequest("size", "the good body, chunked (its length unknown)",
                withJson.withBody(good.body() == null ? "{}".getBytes(StandardCharsets.UTF_8) : good.body())
                        .withFraming(Framing.CHUNKED), Set.of(411)));
    }

    private static void mediaTypes(RawRequest good, List<BadRequest> cases) {
        cases.add(new BadRequest("media type", "no Content-Type", good.withHeader("Content-Type", (String) null),
                Set.of(415)));
        for (String type : MEDIA_TYPES) {
            cases.add(new BadRequest("media type", "Content-Type " + type, good.withHeader("Content-Type", type),
                    Set.of(415)));
        }
    }

    /**
     * {@code X-Request-Id} values that try to inject, each on a request already refused for another fault (no token,
     * and the first fault of the body, path or query): the id must not come back as it was sent.
     */
    private static void headers(Route route, RawRequest good, List<BadRequest> sofar, List<BadRequest> cases) {
        List<BadRequest> bases = new ArrayList<>();
        if (route.authorization() != null) {
            bases.add(new BadRequest("tokens", "no token", good.withHeader("Authorization", (String) null),
                    route.authorizationRefusals()));
        }
        sofar.stream().filter(c -> Set.of("path", "query", "json").contains(c.category())).findFirst().ifPresent(bases::add);
        Map<String, byte[]> injections = new LinkedHashMap<>();
        injections.put("percent-encoded CRLF and a Set-Cookie", ascii("abc%0d%0aSet-Cookie:%20x=1"));
        injections.put("a folded line carrying Set-Cookie", ascii("abc\r\n Set-Cookie: x=1"));
        injections.put("a tab", ascii("abc\tdef"));
        injections.put("markup", ascii("<script>alert(1)</script>"));
        injections.put("JSON", ascii("\"},{\"injected\":true,\"x\":\""));
        injections.put("a lookup", ascii("${jndi:ldap://127.0.0.1/a}"));
        injections.put("a path", ascii("../../etc/passwd"));
        injections.put("101 characters", ascii("a".repeat(101)));
        injections.put("8 000 characters", ascii("a".repeat(8_000)));
        injections.put("raw UTF-8", "åäö-1".getBytes(StandardCharsets.UTF_8));
        injections.put("nothing", new byte[0]);
        injections.put("%00", ascii("%00"));
        for (BadRequest base : bases) {
            injections.forEach((fault, value) -> cases.add(new BadRequest("headers",
                    "X-Request-Id with " + fault + " (" + base.fault() + ")",
                    base.request().withHeader("X-Request-Id", new Header("X-Request-Id", value)), base.refusals())));
            cases.add(new BadRequest("headers", "two X-Request-Id (" + base.fault() + ")",
                    base.request().withHeader("X-Request-Id", "first").plusHeader(Header.of("X-Request-Id", "second")),
                    base.refusals()));
        }
    }

    private static void protocol(RawRequest good, List<BadRequest> cases) {
        cases.add(new BadRequest(PROTOCOL, "a raw CR in X-Request-Id",
                good.withHeader("X-Request-Id", new Header("X-Request-Id", ascii("abc\rSet-Cookie: x=1"))), PROTOCOL_REFUSALS));
        cases.add(new BadRequest(PROTOCOL, "a raw LF in X-Request-Id",
                good.withHeader("X-Request-Id", new Header("X-Request-Id", ascii("abc\nX-Injected: 1"))), PROTOCOL_REFUSALS));
        cases.add(new BadRequest(PROTOCOL, "a raw NUL in X-Request-Id",
                good.withHeader("X-Request-Id", new Header("X-Request-Id", ascii("abc\u0000def"))), PROTOCOL_REFUSALS));
        cases.add(new BadRequest(PROTOCOL, "Content-Length and Transfer-Encoding together",
                good.withBody(good.body() == null ? "{}".getBytes(StandardCharsets.UTF_8) : good.body())
                        .withFraming(Framing.LENGTH_AND_CHUNKED), PROTOCOL_REFUSALS));
        String target = good.target();
        cases.add(new BadRequest(PROTOCOL, "a raw space in the path", good.withTarget(target + " x"), PROTOCOL_REFUSALS));
        cases.add(new BadRequest(PROTOCOL, "a request line of 9 000 characters",
                good.withTarget(target + (target.contains("?") ? "&" : "?") + "x=" + "a".repeat(9_000)), PROTOCOL_REFUSALS));
        cases.add(new BadRequest(PROTOCOL, "30 000 characters of headers",
                good.withHeader("X-Padding", "a".repeat(30_000)), PROTOCOL_REFUSALS));
        cases.add(new BadRequest(PROTOCOL, "a body of 5 000 000 bytes, over the 1 MiB hard limit",
                good.withHeader("Content-Type", "application/json").withBody(paddedJson(5_000_000)), PROTOCOL_REFUSALS));
    }

    // --- JSON helpers ---------------------------------------------------------------------------------------

    /** Pointers of every node of {@code node} (its own included unless root), not descending into free-form ones. */
    private static List<String> pointers(JsonNode node, String at, Route route) {
        List<String> found = new ArrayList<>();
        if (!at.isEmpty()) {
            found.add(at);
        }
        if (route.freeForm().contains(at)) {
            return found;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                found.addAll(pointers(field.getValue(), at + "/" + field.getKey(), route));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                found.addAll(pointers(node.get(i), at + "/" + i, route));
            }
        }
        return found;
    }

    private static Map<String, JsonNode> otherTypes(JsonNode node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Map<String, JsonNode> all = orderedMap("text", f.textNode("12"), "number", f.numberNode(12), "boolean",
                f.booleanNode(true), "array", f.arrayNode(), "object", f.objectNode());
        String own = node.isTextual() ? "text" : node.isNumber() ? "number" : node.isBoolean() ? "boolean"
                : node.isArray() ? "array" : node.isObject() ? "object" : "null";
        all.remove(own);
        return all;
    }

    private static String replaced(JsonNode tree, String pointer, JsonNode value) {
        JsonNode copy = tree.deepCopy();
        JsonPointer where = JsonPointer.compile(pointer);
        ContainerNode<?> parent = (ContainerNode<?>) copy.at(where.head());
        String last = where.last().getMatchingProperty();
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else {
            ((ArrayNode) parent).set(Integer.parseInt(last), value);
        }
        return write(copy);
    }

    private static String write(JsonNode tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode tree(String json) {
        return (ObjectNode) parse(json);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("Not a good body: " + json, e);
        }
    }

    private static String deepObject(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    private static String deepArray(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** A JSON object of exactly {@code bytes} bytes. */
    private static byte[] paddedJson(int bytes) {
        return ("{\"x\":\"" + "a".repeat(Math.max(0, bytes - 8)) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    private static String insert(String value, String inserted) {
        int at = Math.min(1, value.length());
        return value.substring(0, at) + inserted + value.substring(at);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02X ", b & 0xff));
        }
        return hex.toString().trim();
    }

    private static String abbreviated(String text) {
        return text.length() > 20 ? text.substring(0, 8) + "... (" + text.length() + " digits)" : text;
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> orderedMap(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return map;
    }
}

package io.engagebridge.web;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every error leaves as problem+json with a clear detail; internals never leak. A body refused names each wrong
 * place in {@code errors} as a JSON pointer, and in {@code detail} as a field ({@code items[1].quantity}).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** When to try again after a refused connection: a database restarting or failing over takes seconds. */
    private static final int UNREACHABLE_RETRY_SECONDS = 5;

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return e.toResponse(RequestIds.current());
    }

    /** A body that cannot be read, said in the caller's terms: what is wrong and where, nothing of our parser. */
    @ServerExceptionMapper
    public Response brokenJson(JsonProcessingException e) {
        return refused(e).toResponse(RequestIds.current());
    }

    /** Quarkus REST maps this one itself (a bare 400); ours says what is wrong. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return brokenJson(e);
    }

    /**
     * A request record's constraints not met: 400 naming every place. (A constraint on what a method returns is our
     * fault: 500.)
     */
    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        if (e.getConstraintViolations().stream().anyMatch(ProblemMappers::isOnReturnValue)) {
            return unexpected(e);
        }
        return refused(e.getConstraintViolations()).toResponse(RequestIds.current());
    }

    /** The 400 for a body Jackson could not read into its request record. */
    public static ApiException refused(JsonProcessingException e) {
        String where = where(e.getLocation());
        StreamConstraintsException tooDeep = cause(e, StreamConstraintsException.class);
        if (tooDeep != null) {
            return ApiException.badRequest("The body is nested deeper than " + StrictJson.MAX_DEPTH + " levels"
                    + where(tooDeep.getLocation()));
        }
        StreamReadException syntax = cause(e, StreamReadException.class);
        if (syntax != null) {
            String original = String.valueOf(syntax.getOriginalMessage());
            if (original.startsWith("Duplicate field ")) {
                return ApiException.badRequest("The field " + original.substring("Duplicate field ".length())
                        + " appears twice" + where(syntax.getLocation()));
            }
            return ApiException.badRequest("The body is not valid JSON" + where(syntax.getLocation()));
        }
        if (String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
            return ApiException.badRequest("The body holds more than one JSON value" + where);
        }
        FieldProblem problem = cause(e, FieldProblem.class);
        if (problem != null) {
            return ApiException.invalidField(problem.place().pointer(), problem.detail());
        }
        if (e instanceof JsonMappingException mapping) {
            BodyPlace place = BodyPlace.of(mapping);
            if (e instanceof UnrecognizedPropertyException) {
                return ApiException.invalidField(place.pointer(), "Unknown field '" + printable(place.field()) + "'");
            }
            if (place.isBody()) {
                String expected = e instanceof MismatchedInputException m ? expected(m.getTargetType()) : "an object";
                return ApiException.invalidField("", "an object".equals(expected) ? StrictBodies.NOT_AN_OBJECT
                        : "The body must be " + expected);
            }
            String expected = e instanceof MismatchedInputException m ? expected(m.getTargetType()) : null;
            return ApiException.invalidField(place.pointer(), place.field() + " has the wrong type: "
                    + (expected == null ? "see the documented shape" : "expected " + expected));
        }
        return ApiException.badRequest("The body is not valid JSON" + where);
    }

    /**
     * The 400 for a request record whose constraints are not met: each place with its message in {@code errors},
     * all of them in {@code detail} ({@code items[1].quantity is required}), in the order of the places.
     */
    public static ApiException refused(Set<? extends ConstraintViolation<?>> violations) {
        List<Problem.FieldError> errors = violations.stream()
                .map(v -> {
                    BodyPlace place = BodyPlace.of(v.getPropertyPath());
                    return new Problem.FieldError(place.pointer(),
                            place.isBody() ? v.getMessage() : place.field() + " " + v.getMessage());
                })
                .distinct()
                .sorted(Comparator.comparing(Problem.FieldError::pointer).thenComparing(Problem.FieldError::detail))
                .toList();
        return ApiException.invalidBody(String.join("; ", errors.stream().map(Problem.FieldError::detail).toList()),
                errors);
    }

    private static boolean isOnReturnValue(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** What a field should have been, in JSON's terms (never our class names). */
    private static String expected(Class<?> target) {
        if (target == null) {
            return null;
        }
        if (CharSequence.class.isAssignableFrom(target) || target == char.class || target == Character.class
                || target.isEnum()) {
            return "text";
        }
        if (Number.class.isAssignableFrom(target) || (target.isPrimitive() && target != boolean.class)) {
            return "a number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "a list";
        }
        if (JsonNode.class.isAssignableFrom(target) && !ObjectNode.class.isAssignableFrom(target)) {
            return "a JSON value";
        }
        return "an object";
    }

    /** A name as the caller sent it, without control characters, cut short, for a problem's detail. */
    private static String printable(String name) {
        String clean = name.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (status == 400 && cause instanceof JsonProcessingException json) {
            return brokenJson(json);
        }
        String detail = status == 415 ? "Send the body as application/json"
                : e.getMessage() == null ? ApiException.titleOf(status) : e.getMessage();
        return new ApiException(status, ApiException.titleOf(status), detail, null, null)
                .toResponse(RequestIds.current());
    }

    /**
     * A connection this app needs was refused or could not be made: its database down or out of reach (a service's
     * readiness is DOWN meanwhile). Not the caller's fault and not ours to hide behind a 500: 503, send it again
     * shortly. Without this, Quarkus answered its own 500 (not a problem, and in dev and test with our stack trace).
     */
    @ServerExceptionMapper
    public Response unreachable(ConnectException e) {
        LOG.warnf("Cannot connect to what this request needs: %s (request %s)", e.getMessage(), RequestIds.current());
        return unavailable();
    }

    private static Response unavailable() {
        return ApiException.unavailable("The service cannot reach its database (or another service it needs) right"
                + " now, so this may not have been done. Sending it again shortly is safe", UNREACHABLE_RETRY_SECONDS)
                .toResponse(RequestIds.current());
    }

    /**
     * A host this app needs has no address: the database's (or another service's) name does not resolve, as while a
     * cluster's DNS or the database's Service is away. An outage like a refused connection, answered as one.
     */
    @ServerExceptionMapper
    public Response unresolvable(UnknownHostException e) {
        LOG.warnf("Cannot resolve what this request needs: %s (request %s)", e.getMessage(), RequestIds.current());
        return unavailable();
    }

    /**
     * An I/O failure while the answer is being written is most often the caller gone (its connection closed, a till
     * on a flaky network): nobody's fault and nobody left to answer, so a line at DEBUG as Quarkus logs it, not an
     * error with its stack. Any other is ours, as {@link #unexpected}.
     */
    @ServerExceptionMapper
    public Response io(IOException e) {
        ResteasyReactiveRequestContext request = CurrentRequestManager.get();
        if (request != null && (request.serverResponse().closed() || request.serverResponse().headWritten())) {
            LOG.debugf("The caller went away before its answer was written (request %s): %s", RequestIds.current(), e);
            return ApiException.unexpected().toResponse(RequestIds.current());
        }
        return unexpected(e);
    }

    /**
     * Anything else: our fault, logged whole, answered as a bare 500 problem. {@code Exception}, not only
     * {@code RuntimeException}: a checked one (an {@code IOException} from a client library, say) otherwise got
     * Quarkus' own 500, not a problem, and in dev and test with the exception in it.
     */
    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.errorf(e, "Unexpected failure (request %s)", RequestIds.current());
        return ApiException.unexpected().toResponse(RequestIds.current());
    }
}

package io.engagebridge.engage;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.engagebridge.web.ApiException;

/**
 * Turns Engage answers and transport failures into {@link EngageException}s. The only place that decides what is
 * retryable, rejected or expected.
 */
public final class EngageErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_KEPT = 2000;

    private EngageErrors() {
    }

    /** An error answer, from its status, body and Retry-After header (any may be absent). */
    public static EngageException fromResponse(int status, String body, String retryAfterHeader) {
        String kept = body == null || body.isBlank() ? null
                : body.length() > MAX_BODY_KEPT ? body.substring(0, MAX_BODY_KEPT) : body;
        ErrorBody parsed = ErrorBody.parse(kept);
        String code = parsed.code();
        String message = parsed.message() != null ? parsed.message() : "HTTP " + status;
        String lowerCode = code == null ? "" : code.toLowerCase(Locale.ROOT);
        if (status == 404 && EngageCodes.EXPECTED_404.contains(lowerCode)
                || status == 409 && EngageCodes.EXPECTED_409.contains(lowerCode)) {
            return new EngageExpectedException(status, code, message, kept);
        }
        if (status == 429) {
            return new EngageRateLimitedException(code, message, kept, parseRetryAfter(retryAfterHeader));
        }
        if (status >= 500 || status == 401 || status == 403 || status == 408) {
            return new EngageUnavailableException(status, code, message, kept, parseRetryAfter(retryAfterHeader), null);
        }
        return new EngageRejectedException(status, code, message, kept);
    }

    /**
     * An Engage verdict that reaches a service's caller (unavailability is handled before it): rejected data as 422,
     * a documented business answer as 409/404, with Engage's code.
     */
    public static ApiException asApiError(Throwable failure) {
        EngageException e = classify(failure);
        return ApiException.fromEngageVerdict(e.status(), e.code(), e.getMessage());
    }

    /** Engage unavailable to a caller who waits: a 503 saying what that means for them, and when to try again. */
    public static ApiException unavailable(Throwable failure, String consequence, int retryAfterSeconds) {
        return ApiException.unavailable("Engage cannot be reached (" + failure.getMessage() + ")" + consequence,
                retryAfterSeconds);
    }

    /**
     * The same failure with {@code secret} (the API key) blanked out of its message and body: an error answer may
     * echo what was sent ("invalid key 'abc…'"), and failures are logged and stored as the outbox's last error.
     */
    static EngageException without(EngageException e, String secret) {
        if (secret == null || secret.isEmpty() || !(contains(e.getMessage(), secret) || contains(e.rawBody(), secret))) {
            return e;
        }
        String message = hide(e.getMessage(), secret);
        String body = hide(e.rawBody(), secret);
        if (e instanceof EngageRateLimitedException limited) {
            return new EngageRateLimitedException(e.code(), message, body, limited.retryAfter().orElse(null));
        }
        if (e instanceof EngageUnavailableException) {
            return new EngageUnavailableException(e.status(), e.code(), message, body, e.retryAfter().orElse(null), null);
        }
        if (e instanceof EngageExpectedException) {
            return new EngageExpectedException(e.status(), e.code(), message, body);
        }
        return new EngageRejectedException(e.status(), e.code(), message, body);
    }

    private static boolean contains(String text, String secret) {
        return text != null && text.contains(secret);
    }

    private static String hide(String text, String secret) {
        return text == null ? null : text.replace(secret, "***");
    }

    /**
     * A 2xx answer whose body cannot be read (not JSON, or not the documented shape). Engage did answer, so this is
     * not "unreachable": it is REJECTED, code {@link EngageCodes#UNREADABLE_ANSWER}. It is not retried (the same
     * request would get the same answer) and breakers, which count only {@link EngageUnavailableException}, do not
     * open on it; the caller decides what to show instead (promotions-service: its last copy, else 502).
     */
    public static EngageRejectedException unreadableAnswer(int status, String what, String body) {
        String kept = body == null ? null : body.length() > MAX_BODY_KEPT ? body.substring(0, MAX_BODY_KEPT) : body;
        return new EngageRejectedException(status, EngageCodes.UNREADABLE_ANSWER, "Engage's answer is unreadable: "
                + what, kept);
    }

    /** Ours, not Engage's: the API key's rate budget could not be reached, so no request was sent. */
    public static final String RATE_BUDGET_UNAVAILABLE = "RateBudgetUnavailable";

    /**
     * The {@link EngageException} a failure carries, if it came from a call to Engage at all (every such call's
     * failure is one, transport failures included); empty for anything else (a handler's own database, a bug).
     */
    public static Optional<EngageException> find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EngageException engage) {
                return Optional.of(engage);
            }
        }
        return Optional.empty();
    }

    /** Any failure of a call, as an {@link EngageException}: what is not an answer from Engage is a transport failure. */
    public static EngageException classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EngageException engage) {
                return engage;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return new EngageUnavailableException(0, null, "Engage unreachable (" + what + ")", null, null, failure);
    }

    /**
     * Whether a live call ended without an answer worth passing on: Engage unavailable after the retries, 429 (from
     * Engage, or no slot of the key's budget in time), a
     * fault-tolerance timeout, or an open circuit breaker. The caller's fallback (queue, stale copy, 503) applies.
     */
    public static boolean isUnavailable(Throwable failure) {
        return failure instanceof EngageUnavailableException || failure instanceof EngageRateLimitedException
                || failure instanceof org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
    static Duration parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    /** Reads the JSON error body in either documented form: {@code {"errors":[{code,message}]}} or RFC 7807. */
    record ErrorBody(String code, String message, JsonNode json) {

        static ErrorBody parse(String body) {
            if (body == null) {
                return new ErrorBody(null, null, null);
            }
            try {
                JsonNode node = JSON.readTree(body);
                if (node == null || !node.isObject()) {
                    return new ErrorBody(null, body, node);
                }
                JsonNode first = node.path("errors").isArray() ? node.path("errors").path(0) : node;
                String code = text(first, "code", "errorCode");
                if (code == null) {
                    code = text(node, "code", "errorCode", "title");
                }
                if (code == null && node.has("multipleMatchesFound")) {
                    code = EngageCodes.MULTIPLE_MATCHES;
                }
                String message = text(first, "message", "detail");
                if (message == null) {
                    message = text(node, "message", "detail", "title");
                }
                return new ErrorBody(code, message, node);
            } catch (Exception notJson) {
                return new ErrorBody(null, body.strip(), null);
            }
        }

        private static String text(JsonNode node, String... names) {
            for (String name : names) {
                JsonNode value = node.get(name);
                if (value != null && value.isValueNode() && !value.asText().isBlank()) {
                    return value.asText();
                }
            }
            return null;
        }
    }
}

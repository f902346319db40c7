package io.engagebridge.web;

/**
 * Whole-number query parameters read strictly: ASCII digits only (no sign, no fraction, no other script's digits),
 * within bounds, or a 400 that names the parameter. JAX-RS would answer 404 for {@code count=abc} and take {@code ５}
 * for 5.
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** {@code raw} as a number from {@code min} to {@code max}; {@code fallback} when absent. */
    public static int number(String raw, String name, int fallback, int min, int max) {
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        if (raw.length() > 9 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ApiException.badRequest(name + " must be a whole number from " + min + " to " + max);
        }
        int value = Integer.parseInt(raw);
        if (value < min || value > max) {
            throw ApiException.badRequest(name + " must be a whole number from " + min + " to " + max);
        }
        return value;
    }
}

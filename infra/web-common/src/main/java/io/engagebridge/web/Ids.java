package io.engagebridge.web;

/** The shape of the ids this suite passes around: written once, checked the same everywhere. */
public final class Ids {

    /** The longest Engage id accepted. */
    private static final int ENGAGE_ID_MAX = 64;

    private Ids() {
    }

    /**
     * An Engage id (contactId, promotion assignment id): a GUID in practice; ASCII letters, digits and dashes, 1 to 64
     * of them, so nothing else ever reaches a path or a query.
     */
    public static boolean isEngageId(String value) {
        return isAsciiWord(value, ENGAGE_ID_MAX, "-");
    }

    /**
     * Whether {@code value} is 1 to {@code maxLength} ASCII letters, digits and characters of {@code alsoAllowed}:
     * checked character by character, not with a regex (a matcher per check was ~2 % of the gateway's CPU per cached
     * My Pages read, async-profiler, issue #14).
     */
    static boolean isAsciiWord(String value, int maxLength, String alsoAllowed) {
        if (value == null || value.isEmpty() || value.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean letterOrDigit = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            if (!letterOrDigit && alsoAllowed.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}

package io.engagebridge.web;

import java.util.Locale;

/** Where a promotion is used: Engage's redemption channels, the one list the gateway and promotions-service share. */
public enum Channel {
    POS, ECOM, OTHER;

    public static Channel parse(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field + " is required: POS, ECOM or OTHER");
        }
        try {
            // Exactly the name, in any case: trim() would also drop a NUL or a CR LF ("POS%00" is not POS)
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field + " must be POS, ECOM or OTHER, not " + value);
        }
    }
}

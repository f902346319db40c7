package io.engagebridge.promotions;

import java.util.Locale;

import io.engagebridge.web.ApiException;

/** Where a promotion is used. */
public enum Channel {
    POS, ECOM, OTHER;

    public static Channel parse(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field + " is required: POS, ECOM or OTHER");
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field + " must be POS, ECOM or OTHER, not " + value);
        }
    }
}

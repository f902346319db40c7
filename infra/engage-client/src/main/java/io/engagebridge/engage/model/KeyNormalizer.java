package io.engagebridge.engage.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One canonical form per customer key, so one customer maps to one entry everywhere: e-mail trimmed and
 * lower-cased; mobile phone in E.164 ({@code +46701234567}), a national number taking the configured country code;
 * other keys trimmed. No key holds a control character (a tab or line break included) or half a surrogate pair.
 */
public final class KeyNormalizer {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern PHONE_PUNCTUATION = Pattern.compile("[\\s().-]");
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");

    private final String defaultCountryCode;

    /** @param defaultCountryCode e.g. {@code +46}: replaces the leading 0 of a national number */
    public KeyNormalizer(String defaultCountryCode) {
        this.defaultCountryCode = defaultCountryCode;
    }

    /** The canonical value, or an {@link IllegalArgumentException} saying what is wrong with it. */
    public String normalize(LookupKey key, String raw) {
        String value = raw == null ? "" : raw.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(key.field() + " is empty");
        }
        if (value.length() > 256) {
            throw new IllegalArgumentException(key.field() + " is longer than 256 characters");
        }
        if (value.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE)) {
            throw new IllegalArgumentException(key.field() + " contains a control character or half a surrogate pair");
        }
        return switch (key) {
            case EMAIL -> email(value);
            case MOBILE_PHONE -> phone(value);
            default -> value;
        };
    }

    private static String email(String value) {
        String email = value.toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(email).matches()) {
            throw new IllegalArgumentException("email is not an e-mail address: " + value);
        }
        return email;
    }

    private String phone(String value) {
        String digits = PHONE_PUNCTUATION.matcher(value).replaceAll("");
        if (digits.startsWith("00")) {
            digits = "+" + digits.substring(2);
        } else if (digits.startsWith("0")) {
            digits = defaultCountryCode + digits.substring(1);
        } else if (!digits.startsWith("+")) {
            digits = "+" + digits;
        }
        if (!E164.matcher(digits).matches()) {
            throw new IllegalArgumentException("mobilePhone is not a phone number: " + value);
        }
        return digits;
    }
}

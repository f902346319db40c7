package io.engagebridge.web;

import java.util.regex.Pattern;

/** The shape of the ids this suite passes around: written once, checked the same everywhere. */
public final class Ids {

    /**
     * An Engage id (contactId, promotion assignment id): a GUID in practice; letters, digits and dashes, at most 64,
     * so nothing else ever reaches a path or a query.
     */
    private static final Pattern ENGAGE_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private Ids() {
    }

    public static boolean isEngageId(String value) {
        return value != null && ENGAGE_ID.matcher(value).matches();
    }
}

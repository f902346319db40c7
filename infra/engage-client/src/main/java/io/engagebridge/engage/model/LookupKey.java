package io.engagebridge.engage.model;

/**
 * The keys a customer can be identified by, with the query parameter of {@code GET contacts/id} and the
 * {@code matchKeyType} of a receipt. Member number and external id both travel as {@code customKey}: which one a
 * tenant uses is its own configuration in Engage.
 */
public enum LookupKey {
    EMAIL("email", "email"),
    MOBILE_PHONE("mobilePhone", "mobilePhone"),
    SOCIAL_SECURITY_NUMBER("socialSecurityNumber", "socialSecurityNumber"),
    MEMBER_NUMBER("customKey", "memberNumber"),
    EXTERNAL_ID("customKey", "externalId");

    private final String queryParameter;
    private final String field;

    LookupKey(String queryParameter, String field) {
        this.queryParameter = queryParameter;
        this.field = field;
    }

    /** Parameter name of {@code GET /contacts/id}. */
    public String queryParameter() {
        return queryParameter;
    }

    /** Field name in our API, in contact attributes and as a receipt's {@code matchKeyType}. */
    public String field() {
        return field;
    }

    public static LookupKey fromField(String field) {
        for (LookupKey key : values()) {
            if (key.field.equals(field)) {
                return key;
            }
        }
        throw new IllegalArgumentException("Unknown key field: " + field);
    }
}

package io.engagebridge.engage.model;

/** Query parameters of {@code POST contacts} (v3 ignores them as headers). Any may be null. */
public record CreateContactOptions(String source, String storeExternalId, Boolean createAsUnapproved) {

    public static CreateContactOptions none() {
        return new CreateContactOptions(null, null, null);
    }
}

package io.engagebridge.engage;

import java.util.Set;

/** Engage error codes this project reacts to (engage-api.md). Compared case-insensitively. */
public final class EngageCodes {

    public static final String CONTACT_NOT_FOUND = "ContactNotFound";
    public static final String MULTIPLE_MATCHES = "MultipleMatches";
    public static final String APPROVED_CONTACT_WITH_KEY_EXISTS = "ApprovedContactWithKeyExists";
    public static final String CONTACT_WITH_KEY_IS_BEING_CREATED = "ContactWithKeyIsBeingCreated";
    public static final String PROMOTION_NOT_FOUND = "PromotionNotFound";
    public static final String PROMOTION_NOT_ASSOCIATED_WITH_CONTACT = "PromotionNotAssociatedWithContact";
    public static final String PROMOTION_ALREADY_REDEEMED = "PromotionAlreadyRedeemed";
    public static final String PROMOTION_NOT_VALID_FOR_REDEMPTION_CHANNEL = "PromotionNotValidForRedemptionChannel";

    /**
     * Ours, not Engage's: a 2xx answer whose body cannot be read (not JSON, or not the documented shape). REJECTED,
     * see {@link EngageErrors#unreadableAnswer}.
     */
    public static final String UNREADABLE_ANSWER = "UnreadableAnswer";

    /** 404 codes that are business answers, not failures. */
    static final Set<String> EXPECTED_404 = lower(CONTACT_NOT_FOUND, PROMOTION_NOT_FOUND,
            PROMOTION_NOT_ASSOCIATED_WITH_CONTACT);

    /** 409 codes that are business answers, not failures. */
    static final Set<String> EXPECTED_409 = lower(MULTIPLE_MATCHES, APPROVED_CONTACT_WITH_KEY_EXISTS,
            CONTACT_WITH_KEY_IS_BEING_CREATED, PROMOTION_ALREADY_REDEEMED,
            PROMOTION_NOT_VALID_FOR_REDEMPTION_CHANNEL);

    private EngageCodes() {
    }

    private static Set<String> lower(String... codes) {
        return Set.of(java.util.Arrays.stream(codes).map(String::toLowerCase).toArray(String[]::new));
    }
}

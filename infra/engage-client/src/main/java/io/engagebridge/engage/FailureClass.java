package io.engagebridge.engage;

/** The one classification of Engage failures that every caller and the outbox use. */
public enum FailureClass {
    /** Connection refused/reset/cut, timeout, 5xx, or credentials refused: try again later, nothing is wrong with the data. */
    RETRYABLE,
    /** 429: Engage asks us to slow down; back off (honour Retry-After when given). */
    RATE_LIMITED,
    /**
     * 400/422 and unknown 4xx: the data is wrong; never retried, needs correction. Also a 2xx answer that cannot be
     * read ({@link EngageCodes#UNREADABLE_ANSWER}): Engage answered, asking again gets the same answer.
     */
    REJECTED,
    /** A documented business answer (404 ContactNotFound, 409 PromotionAlreadyRedeemed, ...): not a failure of Engage. */
    EXPECTED
}

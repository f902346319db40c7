package io.engagebridge.engage.model;

/** What a redeem call ended in. */
public enum RedeemResult {
    /** 200: redeemed now. */
    REDEEMED,
    /** 409 PromotionAlreadyRedeemed: already used, by us (a retry after a lost answer) or by someone else. */
    ALREADY_REDEEMED
}

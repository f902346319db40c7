package io.engagebridge.engage;

/**
 * Where Engage redeems an assignment ({@code engage.redeem-path}). Voyado documents two paths for the same call:
 * its current v3 API reference gives {@code POST /api/v3/promotion-assignments/{id}/redeem}, while the integration
 * guide still names {@code POST /api/v3/promotions/codes/{id}/redeem} (the v2 path carried into v3). Which one a
 * tenant serves can only be checked against its own Swagger page, so it is a setting; the default follows the
 * reference.
 */
public enum RedeemPath {
    /** {@code promotion-assignments/{id}/redeem}: Voyado's current v3 API reference (the default). */
    PROMOTION_ASSIGNMENTS,
    /** {@code promotions/codes/{id}/redeem}: the path the integration guide still names. */
    PROMOTIONS_CODES
}

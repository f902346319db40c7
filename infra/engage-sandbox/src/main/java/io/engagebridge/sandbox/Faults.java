package io.engagebridge.sandbox;

/**
 * Faults to inject, set through {@code PUT /admin/faults}. All off by default.
 *
 * @param down                  every API call answers 503
 * @param cutConnections        every API call has its connection closed without an answer
 * @param errorRate             share of calls (0..1) answered with {@code errorStatus}
 * @param errorStatus           status for {@code errorRate} (default 500)
 * @param latencyMs             added before every answer
 * @param timeout504            create-contact and redeem answer 504 after {@code latencyMs}, as Engage does after ~5 s
 * @param redeemBeforeTimeout   with {@code timeout504}: the redemption is made before the 504 (past its point of no return)
 * @param rateLimit             requests per second before 429; null keeps the configured one
 */
public record Faults(boolean down, boolean cutConnections, double errorRate, Integer errorStatus, long latencyMs,
        boolean timeout504, boolean redeemBeforeTimeout, Integer rateLimit) {

    public static Faults none() {
        return new Faults(false, false, 0, null, 0, false, false, null);
    }

    public int errorStatusOrDefault() {
        return errorStatus == null ? 500 : errorStatus;
    }
}

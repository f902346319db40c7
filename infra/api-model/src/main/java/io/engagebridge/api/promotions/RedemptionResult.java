package io.engagebridge.api.promotions;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** REDEEMED in Engage now, or PENDING: kept here and finished by the relay when Engage answers. */
@Schema(name = "RedemptionResult", example = """
        {"assignmentId":"a-1","status":"REDEEMED"}""")
public record RedemptionResult(String assignmentId, String status) {
}

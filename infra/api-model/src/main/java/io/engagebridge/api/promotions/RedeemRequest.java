package io.engagebridge.api.promotions;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.engagebridge.api.EngageId;
import io.engagebridge.web.Channel;

/** {@code POST /promotions/{assignmentId}/redeem}: whose promotion, where it is used, and on which receipt. */
@Schema(name = "RedeemRequest", example = """
        {"contactId":"00000000-0000-4000-8000-000000000001","channel":"POS","uniqueReceiptId":"R-1001"}""")
public record RedeemRequest(
        @Schema(description = "The contact the promotion is assigned to", required = true,
                example = "00000000-0000-4000-8000-000000000001")
        @NotNull(message = ID) @EngageId(message = ID) String contactId,
        @Schema(description = "Where it is used (case does not matter)", required = true,
                enumeration = { "POS", "ECOM", "OTHER" })
        @NotBlank(message = "is required: POS, ECOM or OTHER") @ChannelName String channel,
        @Schema(description = "The receipt it is used on, when known", example = "R-1001") String uniqueReceiptId) {

    private static final String ID = "is required (letters, digits and dashes)";

    /** The channel, checked. */
    public Channel channelValue() {
        return Channel.parse(channel, "channel");
    }
}

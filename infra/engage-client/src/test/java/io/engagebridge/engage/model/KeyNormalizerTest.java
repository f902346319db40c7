package io.engagebridge.engage.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyNormalizerTest {

    private final KeyNormalizer normalizer = new KeyNormalizer("+46");

    @Test
    void emailIsTrimmedAndLowerCased() {
        assertThat(normalizer.normalize(LookupKey.EMAIL, "  Ann.Andersson@Example.COM ")).isEqualTo("ann.andersson@example.com");
    }

    @Test
    void phoneNumbersOfOneCustomerMeetInOneForm() {
        assertThat(normalizer.normalize(LookupKey.MOBILE_PHONE, "070-123 45 67")).isEqualTo("+46701234567");
        assertThat(normalizer.normalize(LookupKey.MOBILE_PHONE, "0046 70 123 45 67")).isEqualTo("+46701234567");
        assertThat(normalizer.normalize(LookupKey.MOBILE_PHONE, "+46 (70) 123-4567")).isEqualTo("+46701234567");
    }

    @Test
    void malformedKeysAreRefusedWithTheReason() {
        assertThatThrownBy(() -> normalizer.normalize(LookupKey.EMAIL, "ann.example.com"))
                .hasMessageContaining("email is not an e-mail address");
        assertThatThrownBy(() -> normalizer.normalize(LookupKey.MOBILE_PHONE, "call me"))
                .hasMessageContaining("mobilePhone is not a phone number");
        assertThatThrownBy(() -> normalizer.normalize(LookupKey.MEMBER_NUMBER, "  "))
                .hasMessageContaining("memberNumber is empty");
    }

    @Test
    void aKeyHoldingAControlCharacterOrHalfASurrogatePairIsRefused() {
        for (String key : new String[] { "M1\n2", "M1\t2", "M1\u00072", "M1\u001b[31m", "M1\u0085", "M1\ud800" }) {
            assertThatThrownBy(() -> normalizer.normalize(LookupKey.MEMBER_NUMBER, key)).as(key)
                    .hasMessage("memberNumber contains a control character or half a surrogate pair");
        }
        assertThatThrownBy(() -> normalizer.normalize(LookupKey.EMAIL, "ann\u0007@example.com"))
                .hasMessageContaining("control character");
        assertThat(normalizer.normalize(LookupKey.MEMBER_NUMBER, "M-\uD83D\uDE00")).as("a whole pair is a character")
                .isEqualTo("M-\uD83D\uDE00");
    }
}

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
}

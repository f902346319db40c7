package io.engagebridge.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.engagebridge.gateway.config.GatewayConfig;

/** What the start-up refuses in the allow-lists' configuration, checked without Quarkus. */
class ChangeRulesTest {

    @Test
    void aCustomerListNamingAKeyOtherSystemsUseStopsTheStart() {
        for (String key : List.of("memberNumber", "externalId", "socialSecurityNumber", "memberNumber.*")) {
            assertThatThrownBy(() -> new ChangeRules(config(List.of("firstName", key), List.of("firstName"))))
                    .as(key).hasMessageStartingWith("gateway.my-pages.changeable-attributes names " + key.replace(".*", ""));
        }
    }

    @Test
    void aPosListMayNameLoyaltyKeysButNeverContactType() {
        ChangeRules rules = new ChangeRules(config(List.of("firstName"), List.of("firstName", "memberNumber")));
        assertThat(rules.pos().allows(List.of("memberNumber"))).isTrue();
        assertThat(rules.myPages().allows(List.of("memberNumber"))).isFalse();

        assertThatThrownBy(() -> new ChangeRules(config(List.of("firstName"), List.of("contactType"))))
                .hasMessageStartingWith("gateway.pos.changeable-attributes: contactType");
    }

    private static GatewayConfig config(List<String> myPages, List<String> pos) {
        return new GatewayConfig() {
            @Override
            public int retryAfterSeconds() {
                return 30;
            }

            @Override
            public String contactClaim() {
                return "contact_id";
            }

            @Override
            public MyPages myPages() {
                return () -> myPages;
            }

            @Override
            public Pos pos() {
                return () -> pos;
            }

            @Override
            public Cache cache() {
                throw new UnsupportedOperationException();
            }
        };
    }
}

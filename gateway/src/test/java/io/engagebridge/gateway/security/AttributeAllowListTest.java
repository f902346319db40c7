package io.engagebridge.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.engagebridge.web.ApiException;

/** The allow-list's matching, checked without Quarkus; GatewayTest-style tests check it over HTTP. */
class AttributeAllowListTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AttributeAllowList LIST = AttributeAllowList.of("test.list",
            List.of("firstName", "address.street", "preferences.*"));

    @Test
    void anEntryMatchesItsPathExactlyCaseIncluded() {
        assertThat(LIST.allows(List.of("firstName"))).isTrue();
        assertThat(LIST.allows(List.of("FirstName"))).isFalse();
        assertThat(LIST.allows(List.of("firstName", "inner"))).isFalse();
        assertThat(LIST.allows(List.of("address", "street"))).isTrue();
        assertThat(LIST.allows(List.of("address"))).isFalse();
        assertThat(LIST.allows(List.of("address", "city"))).isFalse();
    }

    @Test
    void anEntryEndingInStarMatchesTheObjectAndEverythingInside() {
        assertThat(LIST.allows(List.of("preferences"))).isTrue();
        assertThat(LIST.allows(List.of("preferences", "acceptsSms"))).isTrue();
        assertThat(LIST.allows(List.of("preferences", "a", "b"))).isTrue();
        assertThat(LIST.allows(List.of("preferencesX"))).isFalse();
    }

    @Test
    void everyLeafSetAndEveryPathClearedIsChecked() {
        assertThatCode(() -> LIST.check(json("{'attributes':{'firstName':'Ann','address':{'street':'S 1'},"
                + "'preferences':{'acceptsSms':true}},'clear':['address.street','preferences']}"))).doesNotThrowAnyException();

        assertThat(refusal("{'attributes':{'firstName':'Ann','address':{'street':'S 1','city':'Lund'}}}"))
                .isEqualTo("Not changeable with this token: address.city");
        assertThat(refusal("{'attributes':{'memberNumber':'7'},'clear':['socialSecurityNumber','firstName']}"))
                .isEqualTo("Not changeable with this token: memberNumber, socialSecurityNumber");
        assertThat(refusal("{'attributes':{'address':'Storgatan 1'}}")).endsWith(": address");
        assertThat(refusal("{'attributes':{'address':{}}}")).endsWith(": address");
    }

    @Test
    void aDottedKeyIsNotTheNestedPathItLooksLike() {
        assertThat(refusal("{'attributes':{'address.street':'S 1'}}")).endsWith(": address.street");
    }

    @Test
    void contactTypeIsRefusedAndCannotBeListed() {
        assertThat(refusal("{'attributes':{'contactType':'Member'}}")).endsWith(": contactType");
        assertThatThrownBy(() -> AttributeAllowList.of("k", List.of("firstName", "contactType")))
                .hasMessageContaining("k: contactType changes only through /upgrade");
        assertThatThrownBy(() -> AttributeAllowList.of("k", List.of("contactType.*")))
                .hasMessageContaining("/upgrade");
    }

    @Test
    void aMalformedEntryStopsTheStart() {
        for (String entry : List.of("", " ", "a..b", "a.", "*", "a.*.b", "*.a")) {
            assertThatThrownBy(() -> AttributeAllowList.of("k", List.of(entry))).as(entry)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("k: ");
        }
    }

    @Test
    void aBodyOtherThanAttributesAndClearIsABadRequest() {
        for (String body : List.of("[]", "'x'", "{'memberNumber':'7'}", "{'attributes':[]}", "{'attributes':'x'}",
                "{'clear':'firstName'}", "{'clear':[1]}", "{'clear':['address.']}")) {
            assertThatThrownBy(() -> LIST.check(json(body))).as(body).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.status()).isEqualTo(400));
        }
        assertThatThrownBy(() -> LIST.check(null)).isInstanceOf(ApiException.class);
    }

    @Test
    void theDetailNamesAtMostTenAndNoControlCharacters() {
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 12; i++) {
            many.append(i == 0 ? "" : ",").append("'x").append(i).append("':1");
        }
        assertThat(refusal(many.append("}").toString().replace("{", "{'attributes':{") + "}"))
                .endsWith("x9 (and 2 more)");
        assertThat(refusal("{'attributes':{'a\\nb':1}}")).endsWith(": a?b");
    }

    private static String refusal(String body) {
        try {
            LIST.check(json(body));
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.code()).isEqualTo(AttributeAllowList.NOT_CHANGEABLE);
            return e.getMessage();
        }
        throw new AssertionError("not refused: " + body);
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(body, e);
        }
    }
}

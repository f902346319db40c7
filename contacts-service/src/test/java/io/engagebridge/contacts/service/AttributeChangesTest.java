package io.engagebridge.contacts.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The change computation of a PATCH, without Quarkus: what Engage is sent for what was seen and what was asked. */
class AttributeChangesTest {

    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    @Test
    void sendsEveryGivenValueWhenNothingWasSeen() {
        assertThat(changes(null, "{'firstName':'Anna','age':41,'vip':true,'address':{'city':'Lund'}}", List.of()))
                .isEqualTo(json("{'firstName':'Anna','age':41,'vip':true,'address':{'city':'Lund'}}"));
    }

    @Test
    void sendsOnlyTheValuesThatDiffer() {
        assertThat(changes("{'firstName':'Anna','lastName':'Berg','age':41}",
                "{'firstName':'Anna','lastName':'Lind','age':41}", List.of()))
                .isEqualTo(json("{'lastName':'Lind'}"));
    }

    @Test
    void sendsNothingWhenEverythingIsAsSeen() {
        assertThat(changes("{'firstName':'Anna','address':{'city':'Lund','zip':'22100'}}",
                "{'firstName':'Anna','address':{'city':'Lund'}}", List.of()))
                .isEmpty();
    }

    @Test
    void leavesFieldsItWasNotGivenAlone() {
        assertThat(changes("{'firstName':'Anna','city':'Lund'}", "{'city':'Malmö'}", List.of()))
                .isEqualTo(json("{'city':'Malmö'}"));
    }

    @Test
    void neverSendsANullOrAnEmptyString() {
        assertThat(changes("{'firstName':'Anna','city':'Lund'}", "{'firstName':null,'city':'','zip':null,'note':''}",
                List.of()))
                .isEmpty();
    }

    @Test
    void aBlankStringIsAValueNotAnErase() {
        assertThat(changes("{'note':'hi'}", "{'note':' '}", List.of())).isEqualTo(json("{'note':' '}"));
    }

    @Test
    void comparesANestedObjectFieldByField() {
        assertThat(changes("{'address':{'street':'Storgatan 1','city':'Lund','zip':'22100'}}",
                "{'address':{'street':'Storgatan 1','city':'Malmö'}}", List.of()))
                .isEqualTo(json("{'address':{'city':'Malmö'}}"));
    }

    @Test
    void comparesAtEveryDepth() {
        assertThat(changes("{'preferences':{'channels':{'sms':true,'email':true},'language':'sv'}}",
                "{'preferences':{'channels':{'sms':false,'email':true},'language':'sv'}}", List.of()))
                .isEqualTo(json("{'preferences':{'channels':{'sms':false}}}"));
    }

    @Test
    void neverSendsANullOrAnEmptyStringInsideANestedObject() {
        assertThat(changes("{'address':{'city':'Lund'}}",
                "{'address':{'street':null,'city':'','zip':'22100','extra':{'floor':null,'door':''}}}", List.of()))
                .isEqualTo(json("{'address':{'zip':'22100'}}"));
    }

    @Test
    void dropsANestedObjectLeftEmpty() {
        assertThat(changes("{'address':{'city':'Lund'},'same':{'city':'Lund'}}",
                "{'address':{},'other':{'a':null},'same':{'city':'Lund'}}", List.of()))
                .isEmpty();
    }

    @Test
    void sendsAWholeNestedObjectWhereAPlainValueWasSeen() {
        assertThat(changes("{'address':'Storgatan 1, Lund'}", "{'address':{'street':'Storgatan 1','city':''}}",
                List.of()))
                .isEqualTo(json("{'address':{'street':'Storgatan 1'}}"));
    }

    @Test
    void sendsAPlainValueWhereAnObjectWasSeen() {
        assertThat(changes("{'address':{'city':'Lund'}}", "{'address':'Storgatan 1, Lund'}", List.of()))
                .isEqualTo(json("{'address':'Storgatan 1, Lund'}"));
    }

    @Test
    void aValueOfAnotherJsonTypeIsAChange() {
        assertThat(changes("{'age':'41','vip':'true','zip':22100}", "{'age':41,'vip':true,'zip':22100}", List.of()))
                .isEqualTo(json("{'age':41,'vip':true}"));
    }

    @Test
    void sendsANullForEachFieldToClear() {
        assertThat(changes("{'city':'Lund','note':'hi'}", "{}", List.of("city", "note")))
                .isEqualTo(json("{'city':null,'note':null}"));
    }

    @Test
    void clearsEvenWhatWasNotSeen() {
        assertThat(changes(null, "{}", List.of("city"))).isEqualTo(json("{'city':null}"));
    }

    @Test
    void clearsAFieldInsideANestedObjectBesideTheChangesThere() {
        assertThat(changes("{'address':{'street':'Storgatan 1','city':'Lund'}}", "{'address':{'city':'Malmö'}}",
                List.of("address.street", "preferences.channels.sms")))
                .isEqualTo(json("{'address':{'city':'Malmö','street':null},'preferences':{'channels':{'sms':null}}}"));
    }

    @Test
    void changesAndClearsTogether() {
        assertThat(changes("{'firstName':'Anna','city':'Lund'}", "{'firstName':'Annie','city':'Lund'}",
                List.of("note")))
                .isEqualTo(json("{'firstName':'Annie','note':null}"));
    }

    /**
     * Pins what happens today to a contradictory PATCH that the request reader lets through: the plain value set at
     * {@code address} is replaced by the object holding the clear, so it is silently not sent.
     */
    @Test
    void aClearInsideAFieldSetToAPlainValueReplacesThatValue() {
        assertThat(changes(null, "{'address':'Storgatan 1'}", List.of("address.street")))
                .isEqualTo(json("{'address':{'street':null}}"));
    }

    @Test
    void leavesWhatItWasGivenUntouched() {
        ObjectNode seen = json("{'address':{'street':'Storgatan 1','city':'Lund'}}");
        ObjectNode attributes = json("{'address':{'city':'Malmö','zip':''},'note':null}");

        AttributeChanges.of(seen, attributes, Set.of("address.street"));

        assertThat(seen).isEqualTo(json("{'address':{'street':'Storgatan 1','city':'Lund'}}"));
        assertThat(attributes).isEqualTo(json("{'address':{'city':'Malmö','zip':''},'note':null}"));
    }

    private static ObjectNode changes(String seen, String attributes, List<String> clear) {
        return AttributeChanges.of(seen == null ? null : json(seen), json(attributes), new LinkedHashSet<>(clear));
    }

    private static ObjectNode json(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

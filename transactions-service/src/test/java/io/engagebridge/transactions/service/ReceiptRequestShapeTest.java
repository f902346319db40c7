package io.engagebridge.transactions.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.engagebridge.api.transactions.ReceiptRequest;
import io.engagebridge.engage.model.EngageReceipt;

/**
 * The receipt the API takes is the receipt Engage gets: every field of {@link ReceiptRequest} (but the customer
 * fields, which become Engage's contact) is a field of {@link EngageReceipt} of the same JSON shape, at every depth,
 * and the other way round, so nothing posted is dropped on its way to Engage and nothing Engage takes is refused.
 */
class ReceiptRequestShapeTest {

    @Test
    void theReceiptFieldsAreEngagesAtEveryDepth() {
        Map<String, String> api = shape(ReceiptRequest.class, "");
        ReceiptRequest.CUSTOMER_FIELDS.forEach(field -> api.remove(field));
        Map<String, String> engage = shape(EngageReceipt.class, "");
        engage.keySet().removeIf(field -> field.equals("contact") || field.startsWith("contact."));

        assertThat(api).isEqualTo(engage);
    }

    /** Every field, nested records followed down, with its JSON kind. */
    private static Map<String, String> shape(Class<?> record, String prefix) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (RecordComponent component : record.getRecordComponents()) {
            String name = prefix + component.getName();
            Type type = component.getGenericType();
            Class<?> element = component.getType();
            String kind = "value";
            if (List.class.isAssignableFrom(element)) {
                kind = "list";
                element = (Class<?>) ((ParameterizedType) type).getActualTypeArguments()[0];
            }
            fields.put(name, kind + " of " + (element.isRecord() ? "object" : element.getSimpleName()));
            if (element.isRecord()) {
                fields.putAll(shape(element, name + (kind.equals("list") ? "[]." : ".")));
            }
        }
        return fields;
    }

    @Test
    void theCustomerFieldsAreThoseOfTheRequest() {
        assertThat(Arrays.stream(ReceiptRequest.class.getRecordComponents()).map(RecordComponent::getName))
                .containsAll(ReceiptRequest.CUSTOMER_FIELDS);
    }
}

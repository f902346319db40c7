package io.engagebridge.transactions.service;

import java.util.Iterator;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.api.transactions.ReceiptRequest;
import io.engagebridge.engage.model.EngageReceipt;
import io.engagebridge.engage.model.KeyNormalizer;
import io.engagebridge.engage.model.LookupKey;
import io.engagebridge.transactions.Customer;
import io.engagebridge.transactions.config.TransactionsConfig;
import io.engagebridge.web.ApiException;

/**
 * Turns a posted receipt, read and checked as a {@link ReceiptRequest} (its constraints: required fields, item types,
 * signs for returns, totals consistent with the lines and payments), into who it belongs to and what is stored: the
 * customer's key in its canonical form, or a 400 naming it. Receipts stored earlier are read back leniently
 * ({@link #receiptOf}), as Engage's {@link EngageReceipt}, whose fields are the request's (ReceiptRequestShapeTest).
 */
@ApplicationScoped
public class ReceiptReader {

    private final ObjectMapper json;
    private final KeyNormalizer normalizer;

    public ReceiptReader(ObjectMapper json, TransactionsConfig config) {
        this.json = json;
        this.normalizer = new KeyNormalizer(config.defaultCountryCode());
    }

    /**
     * A checked receipt: who it belongs to, the receipt, and the request as it is stored (the receipt's JSON:
     * customer fields and Engage's receipt body; its contact is filled in when sent).
     */
    public record Checked(Customer customer, ReceiptRequest receipt, String request) {
    }

    /** The receipt's customer and stored form; its constraints have passed. */
    public Checked read(ReceiptRequest receipt) {
        try {
            return new Checked(customer(receipt), receipt, json.writeValueAsString(receipt));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A checked receipt cannot be written as JSON", e);
        }
    }

    /** Whether a receipt posted again is the one stored (see {@link #sameContent(JsonNode, JsonNode)}). */
    public boolean isStored(ObjectNode stored, Checked posted) {
        try {
            return sameContent(stored, json.readTree(posted.request()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A checked receipt cannot be read back", e);
        }
    }

    /** The Engage part of a stored receipt (everything but the customer fields); its contact is set when sent. */
    public EngageReceipt receiptOf(ObjectNode request) {
        ObjectNode receiptPart = request.deepCopy();
        receiptPart.remove(ReceiptRequest.CUSTOMER_FIELDS);
        try {
            return json.treeToValue(receiptPart, EngageReceipt.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    /**
     * Whether a receipt posted again is the one stored: the same fields with the same values, a number equal to
     * another however it is written ({@code 150}, {@code 150.0}, {@code 150.00}), an absent field equal to a null one.
     */
    public static boolean sameContent(JsonNode stored, JsonNode posted) {
        return withoutNulls(stored).equals((a, b) -> a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue())
                : a.equals(b) ? 0 : 1, withoutNulls(posted));
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getValue().isNull()) {
                    copy.set(field.getKey(), withoutNulls(field.getValue()));
                }
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(element -> copy.add(withoutNulls(element)));
            return copy;
        }
        return node;
    }

    private Customer customer(ReceiptRequest r) {
        if (r.contactId() != null) {
            return Customer.byId(r.contactId());
        }
        LookupKey type = r.email() != null ? LookupKey.EMAIL
                : r.mobilePhone() != null ? LookupKey.MOBILE_PHONE
                : r.memberNumber() != null ? LookupKey.MEMBER_NUMBER
                : LookupKey.EXTERNAL_ID;
        String value = switch (type) {
            case EMAIL -> r.email();
            case MOBILE_PHONE -> r.mobilePhone();
            case MEMBER_NUMBER -> r.memberNumber();
            default -> r.externalId();
        };
        try {
            return new Customer(null, type, normalizer.normalize(type, value), r.create());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("/" + type.field(), e.getMessage());
        }
    }
}

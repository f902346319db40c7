package io.engagebridge.transactions.service;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.engage.model.EngageReceipt;
import io.engagebridge.engage.model.KeyNormalizer;
import io.engagebridge.engage.model.LookupKey;
import io.engagebridge.transactions.Customer;
import io.engagebridge.transactions.config.TransactionsConfig;
import io.engagebridge.web.ApiException;
import io.engagebridge.web.StrictJson;
import io.engagebridge.web.Ids;

/**
 * Reads and checks a posted receipt: required fields, item types, signs for returns, totals consistent with the
 * lines and payments. Anything off is a 400 naming the field; nothing is stored before this passes. Every field
 * Voyado documents is accepted and kept (the shapes are in {@link EngageReceipt}); a field it does not, at any depth,
 * is refused by name rather than dropped. Receipts stored earlier are read back leniently ({@link #receiptOf}).
 */
@ApplicationScoped
public class ReceiptReader {

    private static final BigDecimal TOLERANCE = new BigDecimal("0.01");
    private static final Set<String> CUSTOMER_FIELDS = Set.of("contactId", "email", "mobilePhone", "memberNumber",
            "externalId", "create");
    private static final Set<String> RECEIPT_FIELDS = Set.of("uniqueReceiptId", "receiptNumber", "createdDate",
            "storeExternalId", "currency", "totalGrossPrice", "paymentMethods", "items", "usedPromotions",
            "usedBonusChecks", "extraData", "exchangeRateToGroupCurrency", "taxDetails");
    private static final List<LookupKey> KEYS = List.of(LookupKey.EMAIL, LookupKey.MOBILE_PHONE,
            LookupKey.MEMBER_NUMBER, LookupKey.EXTERNAL_ID);

    private final ObjectMapper json;
    /**
     * The API's reading: a field unknown at any depth is an error (top-level ones are checked by name first), and
     * no value changes its JSON type on the way in ({@code "sku": 123} is refused, not read as "123").
     */
    private final ObjectReader strict;
    private final KeyNormalizer normalizer;

    public ReceiptReader(ObjectMapper json, TransactionsConfig config) {
        this.json = json;
        this.strict = StrictJson.noCoercion(json).readerFor(EngageReceipt.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.normalizer = new KeyNormalizer(config.defaultCountryCode());
    }

    /** A checked receipt: who it belongs to and what Engage will get (its contact is filled in when sent). */
    public record Checked(Customer customer, EngageReceipt receipt, ObjectNode request) {
    }

    public Checked read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("The body must be a JSON object");
        }
        ObjectNode request = (ObjectNode) body;
        StrictJson.requireStorableText(request);
        request.fieldNames().forEachRemaining(name -> {
            if (!CUSTOMER_FIELDS.contains(name) && !RECEIPT_FIELDS.contains(name)) {
                throw ApiException.badRequest("Unknown field '" + name + "'");
            }
        });
        Customer customer = customer(request);
        EngageReceipt receipt;
        try {
            receipt = strict.readValue(receiptPart(request));
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest("Unknown field '" + pathOf(e) + "'");
        } catch (IOException e) {
            throw ApiException.badRequest(pathOf(e) + " has the wrong type: " + expected(e));
        }
        check(receipt);
        return new Checked(customer, receipt, request);
    }

    /** The Engage part of a stored receipt (everything but the customer fields); its contact is set when sent. */
    public EngageReceipt receiptOf(ObjectNode request) {
        try {
            return json.treeToValue(receiptPart(request), EngageReceipt.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    private static ObjectNode receiptPart(ObjectNode request) {
        ObjectNode receiptPart = request.deepCopy();
        receiptPart.remove(CUSTOMER_FIELDS);
        return receiptPart;
    }

    /** Where in the body a reading error is, as the API names fields: {@code items[0].quantity}. */
    private static String pathOf(IOException e) {
        StringBuilder path = new StringBuilder();
        if (e instanceof JsonMappingException mapping) {
            for (JsonMappingException.Reference step : mapping.getPath()) {
                if (step.getFieldName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(step.getFieldName());
                } else if (step.getIndex() >= 0) {
                    path.append('[').append(step.getIndex()).append(']');
                }
            }
        }
        return path.isEmpty() ? "A field" : path.toString();
    }

    private Customer customer(ObjectNode request) {
        JsonNode contactId = request.get("contactId");
        List<LookupKey> keys = KEYS.stream().filter(k -> request.hasNonNull(k.field())).toList();
        int named = keys.size() + (contactId == null || contactId.isNull() ? 0 : 1);
        if (named != 1) {
            throw ApiException.badRequest("Name the customer by exactly one of contactId, email, mobilePhone, "
                    + "memberNumber, externalId");
        }
        JsonNode create = request.get("create");
        if (create != null && !create.isNull() && !create.isObject()) {
            throw ApiException.badRequest("create must be a JSON object");
        }
        if (contactId != null && !contactId.isNull()) {
            if (!contactId.isTextual() || !Ids.isEngageId(contactId.asText())) {
                throw ApiException.badRequest("contactId must be an Engage contact id");
            }
            if (create != null && !create.isNull()) {
                throw ApiException.badRequest("create goes with a key (email, ...), not with contactId");
            }
            return Customer.byId(contactId.asText());
        }
        LookupKey type = keys.get(0);
        JsonNode value = request.get(type.field());
        if (!value.isTextual()) {
            throw ApiException.badRequest(type.field() + " must be a string");
        }
        try {
            return new Customer(null, type, normalizer.normalize(type, value.asText()),
                    create == null || create.isNull() ? null : create);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static void check(EngageReceipt r) {
        require(r.uniqueReceiptId(), "uniqueReceiptId");
        if (r.uniqueReceiptId().length() > 100) {
            throw ApiException.badRequest("uniqueReceiptId is longer than 100 characters");
        }
        require(r.createdDate(), "createdDate");
        try {
            OffsetDateTime.parse(r.createdDate());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("createdDate must be ISO 8601 with an offset, e.g. 2026-11-26T10:14:00+01:00");
        }
        require(r.storeExternalId(), "storeExternalId");
        require(r.currency(), "currency");
        if (!r.currency().matches("[A-Z]{3}")) {
            throw ApiException.badRequest("currency must be an ISO 4217 code such as SEK");
        }
        if (r.totalGrossPrice() == null) {
            throw ApiException.badRequest("totalGrossPrice is required");
        }
        if (r.exchangeRateToGroupCurrency() != null && r.exchangeRateToGroupCurrency().signum() <= 0) {
            throw ApiException.badRequest("exchangeRateToGroupCurrency must be greater than 0");
        }
        if (r.paymentMethods() == null || r.paymentMethods().isEmpty()) {
            throw ApiException.badRequest("paymentMethods must hold at least one payment");
        }
        if (r.items() == null || r.items().isEmpty()) {
            throw ApiException.badRequest("items must hold at least one line");
        }
        BigDecimal paid = BigDecimal.ZERO;
        for (int i = 0; i < r.paymentMethods().size(); i++) {
            EngageReceipt.PaymentMethod p = present(r.paymentMethods().get(i), "paymentMethods[" + i + "]");
            require(p.type(), "paymentMethods[" + i + "].type");
            if (p.value() == null) {
                throw ApiException.badRequest("paymentMethods[" + i + "].value is required");
            }
            paid = paid.add(p.value());
        }
        BigDecimal lines = BigDecimal.ZERO;
        for (int i = 0; i < r.items().size(); i++) {
            String where = "items[" + i + "]";
            lines = lines.add(checkItem(present(r.items().get(i), where), where));
        }
        if (lines.subtract(r.totalGrossPrice()).abs().compareTo(TOLERANCE) > 0) {
            throw ApiException.badRequest("totalGrossPrice " + r.totalGrossPrice() + " does not match the items, which add up to "
                    + lines);
        }
        if (paid.subtract(r.totalGrossPrice()).abs().compareTo(TOLERANCE) > 0) {
            throw ApiException.badRequest("paymentMethods add up to " + paid + ", not totalGrossPrice "
                    + r.totalGrossPrice());
        }
        if (r.usedPromotions() != null) {
            for (int i = 0; i < r.usedPromotions().size(); i++) {
                String where = "usedPromotions[" + i + "]";
                require(present(r.usedPromotions().get(i), where).promotionId(), where + ".promotionId");
            }
        }
    }

    /** Checks one line; answers what it adds to the total (negative for a return). */
    private static BigDecimal checkItem(EngageReceipt.Item item, String where) {
        require(item.type(), where + ".type");
        boolean isReturn = "RETURN".equals(item.type());
        if (!isReturn && !"PURCHASE".equals(item.type())) {
            throw ApiException.badRequest(where + ".type must be PURCHASE or RETURN");
        }
        require(item.sku(), where + ".sku");
        require(item.articleNumber(), where + ".articleNumber");
        require(item.articleName(), where + ".articleName");
        for (var field : new Object[][] { { item.quantity(), "quantity" }, { item.grossPaidPrice(), "grossPaidPrice" },
                { item.taxAmount(), "taxAmount" }, { item.taxPercent(), "taxPercent" } }) {
            if (field[0] == null) {
                throw ApiException.badRequest(where + "." + field[1] + " is required");
            }
        }
        if (isReturn ? item.quantity().signum() >= 0 : item.quantity().signum() <= 0) {
            throw ApiException.badRequest(where + ".quantity must be " + (isReturn ? "negative on a RETURN" : "positive on a PURCHASE"));
        }
        if (item.grossPaidPrice().signum() < 0) {
            throw ApiException.badRequest(where + ".grossPaidPrice must be positive, also on a RETURN");
        }
        JsonNode group = item.articleGroup();
        if (group != null && !group.isNull() && !group.isTextual() && !group.isObject()) {
            throw ApiException.badRequest(where + ".articleGroup must be a string or an object");
        }
        return isReturn ? item.grossPaidPrice().negate() : item.grossPaidPrice();
    }

    /** A list element sent as JSON null: a 400 naming it, not a failure while checking its fields. */
    private static <T> T present(T element, String where) {
        if (element == null) {
            throw ApiException.badRequest(where + " must be a JSON object");
        }
        return element;
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field + " is required");
        }
    }

    /** What a field should have been, in JSON's terms (never our class names). */
    private static String expected(IOException e) {
        Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        if (target == null) {
            return "see the documented shape";
        }
        if (CharSequence.class.isAssignableFrom(target)) {
            return "expected text";
        }
        if (Number.class.isAssignableFrom(target) || target == int.class || target == long.class
                || target == double.class) {
            return "expected a number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "expected true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "expected a list";
        }
        return "expected an object";
    }
}

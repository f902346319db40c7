package io.engagebridge.transactions.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.engagebridge.api.Checks;
import io.engagebridge.api.transactions.ReceiptRequest;
import io.engagebridge.engage.model.EngageReceipt;
import io.engagebridge.engage.model.LookupKey;
import io.engagebridge.transactions.Customer;
import io.engagebridge.transactions.config.TransactionsConfig;
import io.engagebridge.web.ApiException;
import io.engagebridge.web.ProblemMappers;
import io.engagebridge.web.StrictBodies;
import io.engagebridge.web.StrictJson;

/**
 * Receipt validation without Quarkus: every rule a posted receipt is held to (its record, {@link ReceiptRequest}, read
 * strictly, its constraints, then {@link ReceiptReader}), each with a receipt it takes and one it refuses, and the
 * detail a caller reads.
 */
class ReceiptReaderTest {

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    /** As Quarkus configures its mapper: unknown properties are ignored unless a reader asks otherwise. */
    private final ObjectMapper json = quarkusMapper();

    private static ObjectMapper quarkusMapper() {
        ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        new StrictJson().customize(mapper);
        return mapper;
    }

    private final ReceiptReader reader = new ReceiptReader(json, new TransactionsConfig() {
        public Duration importWindow() {
            return Duration.ofMinutes(30);
        }

        public Duration holdRetry() {
            return Duration.ofSeconds(30);
        }

        public Duration holdGiveUpAfter() {
            return Duration.ofHours(24);
        }

        public String defaultCountryCode() {
            return "+46";
        }
    });

    /** A valid receipt: two purchase lines, 100 + 50, paid 150 by card; the customer named by e-mail. */
    private ObjectNode receipt() {
        return (ObjectNode) parse("""
                {
                  "email": "Anna@Example.se",
                  "uniqueReceiptId": "R-1",
                  "receiptNumber": "1001",
                  "createdDate": "2026-11-26T10:14:00+01:00",
                  "storeExternalId": "S1",
                  "currency": "SEK",
                  "totalGrossPrice": 150,
                  "paymentMethods": [ { "type": "CARD", "value": 150 } ],
                  "items": [
                    { "type": "PURCHASE", "sku": "SKU-1", "quantity": 1, "grossPaidPrice": 100,
                      "taxAmount": 20, "taxPercent": 25, "articleNumber": "A1", "articleName": "Shirt" },
                    { "type": "PURCHASE", "sku": "SKU-2", "quantity": 2, "grossPaidPrice": 50,
                      "taxAmount": 10, "taxPercent": 25, "articleNumber": "A2", "articleName": "Socks" }
                  ]
                }
                """);
    }

    @Test
    void readsAValidReceipt() throws IOException {
        ObjectNode body = receipt();

        ReceiptReader.Checked checked = read(body);

        assertThat(checked.customer()).isEqualTo(new Customer(null, LookupKey.EMAIL, "anna@example.se", null));
        assertThat(ReceiptReader.sameContent(json.readTree(checked.request()), body)).as("stored as posted").isTrue();
        assertThat(reader.receiptOf((ObjectNode) json.readTree(checked.request())).contact()).as("filled in when sent")
                .isNull();
        ReceiptRequest r = checked.receipt();
        assertThat(r.uniqueReceiptId()).isEqualTo("R-1");
        assertThat(r.totalGrossPrice()).isEqualByComparingTo("150");
        assertThat(r.items()).extracting(ReceiptRequest.Item::sku).containsExactly("SKU-1", "SKU-2");
        assertThat(r.paymentMethods()).extracting(ReceiptRequest.PaymentMethod::type).containsExactly("CARD");
    }

    @Nested
    class TheBody {

        @Test
        void mustBeAJsonObject() {
            refused(null, "The body must be a JSON object");
            refused(parse("[]"), "The body must be a JSON object");
            refused(parse("\"receipt\""), "The body must be a JSON object");
        }

        @Test
        void refusesAnUnknownTopLevelFieldByName() {
            ObjectNode body = receipt();
            body.put("colour", "blue");

            refused(body, "Unknown field 'colour'");
        }

        @Test
        void refusesTheEngageContactFieldWhichTheCustomerFieldsReplace() {
            ObjectNode body = receipt();
            body.putObject("contact").put("matchKey", "x").put("matchKeyType", "email");

            refused(body, "Unknown field 'contact'");
        }

        @Test
        void refusesAnUnknownFieldAtAnyDepthByItsPath() {
            ObjectNode inItem = receipt();
            item(inItem, 1).put("colour", "blue");
            refused(inItem, "Unknown field 'items[1].colour'");

            ObjectNode inPayment = receipt();
            payment(inPayment, 0).putArray("extraData").addObject().put("name", "n").put("value", "v").put("x", 1);
            refused(inPayment, "Unknown field 'paymentMethods[0].extraData[0].x'");
        }

        @Test
        void acceptsEveryDocumentedOptionalField() {
            ObjectNode body = receipt();
            body.put("exchangeRateToGroupCurrency", 0.091);
            body.putArray("usedPromotions").addObject().put("promotionId", "P-1").put("couponId", "C-1");
            body.putArray("usedBonusChecks").addObject().put("checkNumber", "B-1");
            body.putArray("extraData").addObject().put("name", "till").put("value", "3");
            body.putArray("taxDetails").addObject().put("description", "VAT").put("value", 30).put("futureField", true);
            payment(body, 0).put("description", "Visa").putArray("extraData").addObject().put("name", "n").put("value", "v");
            ObjectNode line = item(body, 0);
            line.putArray("discounts").addObject().put("value", 10).put("type", "CAMPAIGN").put("description", "-10");
            line.putObject("articleGroup").put("id", "G1").put("name", "Shirts");
            line.putArray("extraData").addObject().put("name", "size").put("value", "M");
            line.put("awardsBonus", false);

            ReceiptRequest r = read(body).receipt();

            assertThat(r.exchangeRateToGroupCurrency()).isEqualByComparingTo("0.091");
            assertThat(r.usedPromotions()).containsExactly(new ReceiptRequest.UsedPromotion("P-1", "C-1"));
            assertThat(r.usedBonusChecks()).containsExactly(new ReceiptRequest.UsedBonusCheck("B-1"));
            assertThat(r.extraData()).containsExactly(new ReceiptRequest.ExtraData("till", "3"));
            assertThat(r.taxDetails().get(0).get("futureField").asBoolean()).as("passed on as it came").isTrue();
            assertThat(r.paymentMethods().get(0).description()).isEqualTo("Visa");
            ReceiptRequest.Item first = r.items().get(0);
            assertThat(first.discounts()).hasSize(1);
            assertThat(first.articleGroup().get("name").asText()).isEqualTo("Shirts");
            assertThat(first.extraData()).containsExactly(new ReceiptRequest.ExtraData("size", "M"));
            assertThat(first.awardsBonus()).isFalse();
        }

        @Test
        void refusesANullLineOrPaymentOrPromotionByItsPlace() {
            ObjectNode nullItem = receipt();
            ((ArrayNode) nullItem.get("items")).addNull();
            refused(nullItem, "items[2] must be a JSON object");

            ObjectNode nullPayment = receipt();
            ((ArrayNode) nullPayment.get("paymentMethods")).insertNull(0);
            refused(nullPayment, "paymentMethods[0] must be a JSON object");

            ObjectNode nullPromotion = receipt();
            nullPromotion.putArray("usedPromotions").addNull();
            refused(nullPromotion, "usedPromotions[0] must be a JSON object");
        }

        @Test
        void namesTheFieldOfTheWrongType() {
            ObjectNode body = receipt();
            item(body, 0).put("quantity", "many");

            assertThatThrownBy(() -> read(body)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.getMessage()).startsWith("items[0].quantity has the wrong type: ").doesNotContain("\n");
            });
        }

        @Test
        void refusesAListGivenAsASingleObject() {
            ObjectNode body = receipt();
            body.set("paymentMethods", payment(body, 0));

            assertThatThrownBy(() -> read(body)).isInstanceOf(ApiException.class)
                    .hasMessageStartingWith("paymentMethods has the wrong type: ");
        }
    }

    @Nested
    class TheCustomer {

        private ObjectNode anonymous() {
            ObjectNode body = receipt();
            body.remove("email");
            return body;
        }

        @Test
        void isNamedByAContactId() {
            ObjectNode body = anonymous();
            body.put("contactId", "3f2c1a9e-0b7d-4c1e-9a55-2d6f1b0c7e41");

            assertThat(read(body).customer()).isEqualTo(Customer.byId("3f2c1a9e-0b7d-4c1e-9a55-2d6f1b0c7e41"));
        }

        @Test
        void isNamedByEachKeyInItsNormalForm() {
            assertThat(customerNamedBy("email", "  Anna@Example.SE "))
                    .isEqualTo(new Customer(null, LookupKey.EMAIL, "anna@example.se", null));
            assertThat(customerNamedBy("mobilePhone", "070-123 45 67"))
                    .isEqualTo(new Customer(null, LookupKey.MOBILE_PHONE, "+46701234567", null));
            assertThat(customerNamedBy("memberNumber", " M-77 "))
                    .isEqualTo(new Customer(null, LookupKey.MEMBER_NUMBER, "M-77", null));
            assertThat(customerNamedBy("externalId", "ext-9"))
                    .isEqualTo(new Customer(null, LookupKey.EXTERNAL_ID, "ext-9", null));
        }

        private Customer customerNamedBy(String field, String value) {
            ObjectNode body = anonymous();
            body.put(field, value);
            return read(body).customer();
        }

        @Test
        void mustBeNamed() {
            refused(anonymous(), "Name the customer by exactly one of contactId, email, mobilePhone, memberNumber, "
                    + "externalId");
        }

        @Test
        void mustBeNamedOnlyOnce() {
            ObjectNode twoKeys = receipt();
            twoKeys.put("memberNumber", "M-77");
            refused(twoKeys, "Name the customer by exactly one of contactId, email, mobilePhone, memberNumber, "
                    + "externalId");

            ObjectNode keyAndId = receipt();
            keyAndId.put("contactId", "abc-1");
            refused(keyAndId, "Name the customer by exactly one of contactId, email, mobilePhone, memberNumber, "
                    + "externalId");
        }

        @Test
        void aNullNameCountsAsAbsent() {
            ObjectNode body = receipt();
            body.putNull("contactId");
            body.putNull("mobilePhone");

            assertThat(read(body).customer().keyType()).isEqualTo(LookupKey.EMAIL);
        }

        @Test
        void isNotNamedBySocialSecurityNumber() {
            ObjectNode body = anonymous();
            body.put("socialSecurityNumber", "19800101-1234");

            refused(body, "Unknown field 'socialSecurityNumber'");
        }

        @ParameterizedTest
        @ValueSource(strings = { "", "has space", "semi;colon", "../etc", "id_with_underscore" })
        void refusesAContactIdThatIsNotAnEngageId(String contactId) {
            ObjectNode body = anonymous();
            body.put("contactId", contactId);

            refused(body, "contactId must be an Engage contact id");
        }

        @Test
        void takesAContactIdOfUpTo64Characters() {
            ObjectNode longest = anonymous();
            longest.put("contactId", "a".repeat(64));
            assertThat(read(longest).customer().contactId()).hasSize(64);

            ObjectNode tooLong = anonymous();
            tooLong.put("contactId", "a".repeat(65));
            refused(tooLong, "contactId must be an Engage contact id");
        }

        @Test
        void refusesAContactIdThatIsNotAString() {
            ObjectNode body = anonymous();
            body.put("contactId", 42);

            refused(body, "contactId has the wrong type: expected text");
        }

        @Test
        void refusesAKeyThatIsNotAString() {
            ObjectNode body = anonymous();
            body.put("memberNumber", 77);

            refused(body, "memberNumber must be a string");
        }

        @Test
        void refusesAKeyTheNormalizerRefusesWithItsReason() {
            ObjectNode badEmail = receipt();
            badEmail.put("email", "anna.example.se");
            refused(badEmail, "email is not an e-mail address: anna.example.se");

            ObjectNode badPhone = anonymous();
            badPhone.put("mobilePhone", "12");
            refused(badPhone, "mobilePhone is not a phone number: 12");

            ObjectNode blank = anonymous();
            blank.put("externalId", "  ");
            refused(blank, "externalId is empty");
        }

        @Test
        void carriesTheCreateObjectWithAKey() {
            ObjectNode body = receipt();
            ObjectNode create = body.putObject("create");
            create.putObject("attributes").put("firstName", "Anna");

            Customer customer = read(body).customer();

            assertThat(customer.create()).isEqualTo(create);
            assertThat(customer.known()).isFalse();
        }

        @Test
        void acceptsANullCreate() {
            ObjectNode withKey = receipt();
            withKey.putNull("create");
            assertThat(read(withKey).customer().create()).isNull();

            ObjectNode withId = anonymous();
            withId.put("contactId", "abc-1");
            withId.putNull("create");
            assertThat(read(withId).customer()).isEqualTo(Customer.byId("abc-1"));
        }

        @Test
        void refusesACreateThatIsNotAnObject() {
            ObjectNode body = receipt();
            body.put("create", true);

            refused(body, "create has the wrong type: expected an object");
        }

        @Test
        void refusesCreateWithAContactId() {
            ObjectNode body = anonymous();
            body.put("contactId", "abc-1");
            body.putObject("create");

            refused(body, "create goes with a key (email, ...), not with contactId");
        }
    }

    @Nested
    class TheReceiptFields {

        @ParameterizedTest
        @ValueSource(strings = { "uniqueReceiptId", "createdDate", "storeExternalId", "currency" })
        void requiresEachTextField(String field) {
            ObjectNode absent = receipt();
            absent.remove(field);
            refused(absent, field + " is required");

            ObjectNode blank = receipt();
            blank.put(field, " ");
            refused(blank, field + " is required");
        }

        @Test
        void doesNotRequireAReceiptNumber() {
            ObjectNode body = receipt();
            body.remove("receiptNumber");

            assertThat(read(body).receipt().receiptNumber()).isNull();
        }

        @Test
        void takesAUniqueReceiptIdOfUpTo100Characters() {
            ObjectNode longest = receipt();
            longest.put("uniqueReceiptId", "r".repeat(100));
            assertThat(read(longest).receipt().uniqueReceiptId()).hasSize(100);

            ObjectNode tooLong = receipt();
            tooLong.put("uniqueReceiptId", "r".repeat(101));
            refused(tooLong, "uniqueReceiptId is longer than 100 characters");
        }

        @ParameterizedTest
        @ValueSource(strings = { "2026-11-26T10:14:00+01:00", "2026-11-26T09:14:00Z", "2026-11-26T10:14+01:00",
                "2026-11-26T10:14:00.123-05:00" })
        void takesACreatedDateWithAnOffset(String createdDate) {
            ObjectNode body = receipt();
            body.put("createdDate", createdDate);

            assertThat(read(body).receipt().createdDate()).isEqualTo(createdDate);
        }

        @ParameterizedTest
        @ValueSource(strings = { "2026-11-26T10:14:00", "2026-11-26", "26/11/2026 10:14", "2026-13-01T10:14:00Z" })
        void refusesACreatedDateWithoutAnOffsetOrNotADate(String createdDate) {
            ObjectNode body = receipt();
            body.put("createdDate", createdDate);

            refused(body, "createdDate must be ISO 8601 with an offset, e.g. 2026-11-26T10:14:00+01:00");
        }

        @ParameterizedTest
        @ValueSource(strings = { "sek", "SE", "SEKK", "S1K", "kr" })
        void refusesACurrencyThatIsNotAnIsoCode(String currency) {
            ObjectNode body = receipt();
            body.put("currency", currency);

            refused(body, "currency must be an ISO 4217 code such as SEK");
        }

        @Test
        void takesAnIsoCurrency() {
            ObjectNode body = receipt();
            body.put("currency", "EUR");

            assertThat(read(body).receipt().currency()).isEqualTo("EUR");
        }

        @Test
        void requiresTheTotal() {
            ObjectNode body = receipt();
            body.remove("totalGrossPrice");

            refused(body, "totalGrossPrice is required");
        }

        @Test
        void takesAPositiveExchangeRateOnly() {
            ObjectNode positive = receipt();
            positive.put("exchangeRateToGroupCurrency", 0.0001);
            assertThat(read(positive).receipt().exchangeRateToGroupCurrency()).isPositive();

            ObjectNode zero = receipt();
            zero.put("exchangeRateToGroupCurrency", 0);
            refused(zero, "exchangeRateToGroupCurrency must be greater than 0");

            ObjectNode negative = receipt();
            negative.put("exchangeRateToGroupCurrency", -1.5);
            refused(negative, "exchangeRateToGroupCurrency must be greater than 0");
        }

        @Test
        void requiresAtLeastOnePayment() {
            ObjectNode absent = receipt();
            absent.remove("paymentMethods");
            refused(absent, "paymentMethods must hold at least one payment");

            ObjectNode empty = receipt();
            empty.putArray("paymentMethods");
            refused(empty, "paymentMethods must hold at least one payment");
        }

        @Test
        void requiresEachPaymentsTypeAndValue() {
            ObjectNode noType = receipt();
            payment(noType, 0).remove("type");
            refused(noType, "paymentMethods[0].type is required");

            ObjectNode noValue = receipt();
            payment(noValue, 0).remove("value");
            refused(noValue, "paymentMethods[0].value is required");
        }

        @Test
        void requiresAPromotionIdOnEachUsedPromotion() {
            ObjectNode named = receipt();
            named.putArray("usedPromotions").addObject().put("promotionId", "P-1");
            assertThat(read(named).receipt().usedPromotions()).hasSize(1);

            ObjectNode unnamed = receipt();
            ArrayNode promotions = unnamed.putArray("usedPromotions");
            promotions.addObject().put("promotionId", "P-1");
            promotions.addObject().put("couponId", "C-1");
            refused(unnamed, "usedPromotions[1].promotionId is required");
        }
    }

    @Nested
    class TheItems {

        @Test
        void requiresAtLeastOneLine() {
            ObjectNode absent = receipt();
            absent.remove("items");
            refused(absent, "items must hold at least one line");

            ObjectNode empty = receipt();
            empty.putArray("items");
            refused(empty, "items must hold at least one line");
        }

        @ParameterizedTest
        @ValueSource(strings = { "type", "sku", "articleNumber", "articleName", "quantity", "grossPaidPrice",
                "taxAmount", "taxPercent" })
        void requiresEachLineField(String field) {
            ObjectNode body = receipt();
            item(body, 1).remove(field);

            refused(body, "items[1]." + field + " is required");
        }

        @ParameterizedTest
        @ValueSource(strings = { "type", "sku", "articleNumber", "articleName" })
        void refusesABlankLineText(String field) {
            ObjectNode body = receipt();
            item(body, 0).put(field, "");

            refused(body, "items[0]." + field + " is required");
        }

        @ParameterizedTest
        @ValueSource(strings = { "SALE", "purchase", "Return" })
        void takesOnlyPurchaseAndReturnLines(String type) {
            ObjectNode body = receipt();
            item(body, 0).put("type", type);

            refused(body, "items[0].type must be PURCHASE or RETURN");
        }

        @Test
        void wantsAPositiveQuantityOnAPurchase() {
            ObjectNode zero = receipt();
            item(zero, 0).put("quantity", 0);
            refused(zero, "items[0].quantity must be positive on a PURCHASE");

            ObjectNode negative = receipt();
            item(negative, 0).put("quantity", -1);
            refused(negative, "items[0].quantity must be positive on a PURCHASE");

            ObjectNode fraction = receipt();
            item(fraction, 0).put("quantity", 0.25);
            assertThat(read(fraction).receipt().items().get(0).quantity()).isEqualByComparingTo("0.25");
        }

        @Test
        void wantsANegativeQuantityOnAReturn() {
            ObjectNode positive = aReturnOf(1);
            refused(positive, "items[1].quantity must be negative on a RETURN");

            ObjectNode zero = aReturnOf(0);
            refused(zero, "items[1].quantity must be negative on a RETURN");

            assertThat(read(aReturnOf(-2)).receipt().items().get(1).type()).isEqualTo("RETURN");
        }

        /** The receipt with its second line (50) returned with the given quantity: 100 - 50 = 50 in all. */
        private ObjectNode aReturnOf(int quantity) {
            ObjectNode body = receipt();
            item(body, 1).put("type", "RETURN").put("quantity", quantity);
            body.put("totalGrossPrice", 50);
            payment(body, 0).put("value", 50);
            return body;
        }

        @Test
        void wantsAPositivePriceAlsoOnAReturn() {
            ObjectNode negative = aReturnOf(-2);
            item(negative, 1).put("grossPaidPrice", -50);
            refused(negative, "items[1].grossPaidPrice must be positive, also on a RETURN");

            ObjectNode free = receipt();
            item(free, 1).put("grossPaidPrice", 0);
            free.put("totalGrossPrice", 100);
            payment(free, 0).put("value", 100);
            assertThat(read(free).receipt().items().get(1).grossPaidPrice()).isZero();
        }

        @Test
        void takesAnArticleGroupAsAStringAnObjectOrNull() {
            ObjectNode text = receipt();
            item(text, 0).put("articleGroup", "Shirts");
            assertThat(read(text).receipt().items().get(0).articleGroup().asText()).isEqualTo("Shirts");

            ObjectNode object = receipt();
            item(object, 0).putObject("articleGroup").put("id", "G1");
            assertThat(read(object).receipt().items().get(0).articleGroup().isObject()).isTrue();

            ObjectNode absent = receipt();
            item(absent, 0).putNull("articleGroup");
            read(absent);
        }

        @Test
        void refusesAnArticleGroupOfAnyOtherShape() {
            ObjectNode number = receipt();
            item(number, 0).put("articleGroup", 7);
            refused(number, "items[0].articleGroup must be a string or an object");

            ObjectNode list = receipt();
            item(list, 0).putArray("articleGroup").add("Shirts");
            refused(list, "items[0].articleGroup must be a string or an object");
        }
    }

    @Nested
    class TheTotals {

        @Test
        void mustMatchTheLinesWithinOneHundredth() {
            ObjectNode justWithin = receipt();
            justWithin.put("totalGrossPrice", new BigDecimal("150.01"));
            payment(justWithin, 0).put("value", new BigDecimal("150.01"));
            read(justWithin);

            ObjectNode below = receipt();
            below.put("totalGrossPrice", new BigDecimal("149.99"));
            payment(below, 0).put("value", new BigDecimal("149.99"));
            read(below);

            ObjectNode off = receipt();
            off.put("totalGrossPrice", new BigDecimal("150.02"));
            payment(off, 0).put("value", new BigDecimal("150.02"));
            refused(off, "totalGrossPrice 150.02 does not match the items, which add up to 150");
        }

        @Test
        void countReturnedLinesAgainstTheTotal() {
            ObjectNode returnAsPurchase = receipt();
            item(returnAsPurchase, 1).put("type", "RETURN").put("quantity", -2);

            refused(returnAsPurchase, "totalGrossPrice 150 does not match the items, which add up to 50");
        }

        @Test
        void mustMatchThePaymentsWithinOneHundredth() {
            ObjectNode split = receipt();
            payment(split, 0).put("value", new BigDecimal("100.005"));
            ((ArrayNode) split.get("paymentMethods")).addObject().put("type", "GIFT_CARD").put("value", 50);
            read(split);

            ObjectNode short1 = receipt();
            payment(short1, 0).put("value", new BigDecimal("149.98"));
            refused(short1, "paymentMethods add up to 149.98, not totalGrossPrice 150");
        }

        @Test
        void checksTheLinesBeforeThePayments() {
            ObjectNode body = receipt();
            body.put("totalGrossPrice", 999);

            refused(body, "totalGrossPrice 999 does not match the items, which add up to 150");
        }

        @Test
        void takesAWholeReturnWithNegativeTotals() {
            ObjectNode body = receipt();
            ((ArrayNode) body.get("items")).remove(0);
            item(body, 0).put("type", "RETURN").put("quantity", -2);
            body.put("totalGrossPrice", -50);
            payment(body, 0).put("value", -50);

            assertThat(read(body).receipt().totalGrossPrice()).isEqualByComparingTo("-50");
        }
    }

    @Nested
    class TheAmounts {

        @Test
        void takeUpTo12DigitsBeforeThePointAnd6After() {
            ObjectNode body = receipt();
            body.put("totalGrossPrice", new BigDecimal("150.000000000"));
            item(body, 0).put("quantity", new BigDecimal("0.000001"));
            assertThat(read(body).receipt().items().get(0).quantity()).isEqualByComparingTo("0.000001");

            ObjectNode large = receipt();
            item(large, 0).put("taxAmount", new BigDecimal("999999999999.999999"));
            read(large);
        }

        @Test
        void refuseAnAmountTooLargeOrTooFineBeforeAddingItUp() {
            ObjectNode huge = receipt();
            huge.put("totalGrossPrice", new BigDecimal("1e999999999"));
            refused(huge, "totalGrossPrice must have at most 12 digits before the point and 6 after");

            ObjectNode fine = receipt();
            payment(fine, 0).put("value", new BigDecimal("150.0000001"));
            refused(fine, "paymentMethods[0].value must have at most 12 digits before the point and 6 after");

            ObjectNode tiny = receipt();
            item(tiny, 1).put("grossPaidPrice", new BigDecimal("1e-999999999"));
            refused(tiny, "items[1].grossPaidPrice must have at most 12 digits before the point and 6 after");
        }
    }

    @Nested
    class ARepeat {

        @Test
        void isTheStoredReceiptHoweverItsNumbersAreWrittenAndWithNullsLeftOut() throws IOException {
            JsonNode stored = json.readTree(read(receipt()).request());
            ObjectNode again = receipt();
            again.put("totalGrossPrice", new BigDecimal("150.00"));
            payment(again, 0).put("value", 150.0);
            again.putNull("receiptNumber");
            again.putNull("usedPromotions");

            assertThat(ReceiptReader.sameContent(stored, json.readTree(read(again).request()))).isFalse();
            again.put("receiptNumber", "1001");
            assertThat(ReceiptReader.sameContent(stored, json.readTree(read(again).request()))).isTrue();
            assertThat(ReceiptReader.sameContent(stored, again)).isTrue();
        }

        @Test
        void isAnotherReceiptWhenAnyValueDiffers() throws IOException {
            JsonNode stored = json.readTree(read(receipt()).request());
            ObjectNode other = receipt();
            item(other, 1).put("articleName", "Sock");

            assertThat(ReceiptReader.sameContent(stored, other)).isFalse();
        }
    }

    @Test
    void readsAStoredReceiptBackLeniently() {
        ObjectNode stored = receipt();
        item(stored, 0).put("droppedSince", "x");

        EngageReceipt r = reader.receiptOf(stored);

        assertThat(r.uniqueReceiptId()).isEqualTo("R-1");
        assertThat(r.contact()).as("the customer fields are not part of it").isNull();
        assertThat(stored.has("email")).as("the stored request is left as it was").isTrue();
    }

    /**
     * The body as the API reads it: posted as JSON, read strictly into a {@link ReceiptRequest}, its constraints
     * checked, then {@link ReceiptReader#read}; a refusal is the {@link ApiException} a caller would get.
     */
    private ReceiptReader.Checked read(JsonNode body) {
        if (body == null) {
            // what the resource's @NotNull body parameter answers
            throw ApiException.invalidField("", StrictBodies.NOT_AN_OBJECT);
        }
        ReceiptRequest request;
        try {
            request = StrictJson.bodyReader(json, ReceiptRequest.class).readValue(json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw ProblemMappers.refused((JsonProcessingException) e);
        }
        Set<ConstraintViolation<ReceiptRequest>> violations = VALIDATOR.validate(request, Checks.InOrder.class);
        if (!violations.isEmpty()) {
            throw ProblemMappers.refused(violations);
        }
        return reader.read(request);
    }

    private void refused(JsonNode body, String message) {
        assertThatThrownBy(() -> read(body)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private static ObjectNode item(ObjectNode body, int index) {
        return (ObjectNode) body.get("items").get(index);
    }

    private static ObjectNode payment(ObjectNode body, int index) {
        return (ObjectNode) body.get("paymentMethods").get(index);
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

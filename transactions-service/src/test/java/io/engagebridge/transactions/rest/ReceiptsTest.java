package io.engagebridge.transactions.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static io.engagebridge.testsupport.EngageStubs.json;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;

import io.engagebridge.outbox.OutboxJobs;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.TestDatabase;
import io.engagebridge.testsupport.PostgresTestResource;
import io.engagebridge.testsupport.ServiceTestBase;
import io.engagebridge.testsupport.ServiceKeysResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "transactions_test"))
@WithTestResource(value = ServiceKeysResource.class, initArgs = @ResourceArg(name = "signer", value = "transactions-service"))
public class ReceiptsTest extends ServiceTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ANN = "4f3b2a10-0000-4000-8000-00000000a001";
    private static final String RECEIPTS = "/api/v3/receipts";
    private static final String IDENTIFY = "/contacts-service/contacts/identify";

    @Inject
    OutboxJobs outbox;

    @Override
    protected String[] ownTables() {
        return new String[] { "receipt" };
    }

    static String receipt(String id, String customer) {
        return """
                {%s,"uniqueReceiptId":"%s","receiptNumber":"1001","createdDate":"2026-11-26T10:14:00+01:00",
                 "storeExternalId":"S001","currency":"SEK","totalGrossPrice":150.00,
                 "paymentMethods":[{"type":"card","value":150.00}],
                 "items":[{"type":"PURCHASE","sku":"A1","quantity":2,"grossPaidPrice":200.00,"taxAmount":40.00,
                           "taxPercent":25,"articleNumber":"A1","articleName":"Shirt"},
                          {"type":"RETURN","sku":"B1","quantity":-1,"grossPaidPrice":50.00,"taxAmount":10.00,
                           "taxPercent":25,"articleNumber":"B1","articleName":"Socks"}],
                 "usedPromotions":[{"promotionId":"p-10off"}]}""".formatted(customer, id);
    }

    public static String byAnn(String id) {
        return receipt(id, "\"contactId\":\"" + ANN + "\"");
    }

    private ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/receipts").then();
    }

    private void drainOutbox() {
        TestDatabase.drain(outbox.relay()::drainOnce);
    }


    @Test
    void acceptsAReceiptWhateverStateEngageIsInAndKeepsWhatItCouldNotSend() {
        record EngageState(ResponseDefinitionBuilder answer, String status, String lastError) {
        }
        List<EngageState> states = List.of(
                new EngageState(aResponse().withStatus(202), "SENT", null),
                new EngageState(aResponse().withStatus(500), "QUEUED", "500"),
                new EngageState(aResponse().withStatus(503), "QUEUED", "503"),
                new EngageState(aResponse().withStatus(504), "QUEUED", "504"),
                new EngageState(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), "QUEUED", "no answer"),
                // last: a 429 pauses every call of the key (the next drain would wait it out)
                new EngageState(aResponse().withStatus(429).withHeader("Retry-After", "30"), "QUEUED", "429"));
        for (int i = 0; i < states.size(); i++) {
            EngageState state = states.get(i);
            engage.stubFor(WireMock.post(urlPathEqualTo(RECEIPTS)).willReturn(state.answer()));
            post(byAnn("R-" + i)).statusCode(202).body("status", equalTo("QUEUED")).body("contactId", equalTo(ANN));
            engage.verify(i, postRequestedFor(urlPathEqualTo(RECEIPTS))); // accepting never waits on Engage

            drainOutbox();

            var receipt = given().get("/receipts/R-" + i).then().statusCode(200)
                    .body("status", equalTo(state.status())).body("attempts", equalTo(1));
            if (state.lastError() != null) {
                receipt.body("lastError", org.hamcrest.Matchers.containsString(state.lastError()));
            }
        }
        engage.verify(states.size(), postRequestedFor(urlPathEqualTo(RECEIPTS)));
        assertThat(count("select count(*) from outbox_message where kind = 'receipt.send' and status = 'PENDING'"))
                .as("kept, to be sent again").isEqualTo(states.size() - 1);
    }

    @Test
    void sendsTheReceiptToEngageByContactIdWithItsPromotions() {
        engage.stubFor(WireMock.post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withStatus(202)));
        post(byAnn("R-1")).statusCode(202);

        drainOutbox();

        engage.verify(1, postRequestedFor(urlPathEqualTo(RECEIPTS))
                .withRequestBody(matchingJsonPath("$.contact.matchKey", WireMock.equalTo(ANN)))
                .withRequestBody(matchingJsonPath("$.contact.matchKeyType", WireMock.equalTo("contactId")))
                .withRequestBody(matchingJsonPath("$.usedPromotions[0].promotionId", WireMock.equalTo("p-10off")))
                .withRequestBody(matchingJsonPath("$.items[1].quantity", WireMock.equalTo("-1"))));
        given().get("/receipts/R-1").then().statusCode(200).body("status", equalTo("SENT")).body("attempts", equalTo(1));
    }

    @Test
    void receiptsQueuedDuringAnOutageAreEachSentOnceAfterRecovery() {
        engage.stubFor(WireMock.post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withStatus(503)));
        for (int i = 0; i < 5; i++) {
            post(byAnn("R-" + i)).statusCode(202);
        }
        drainOutbox();
        // the fifth 503 in a row starts the outage mode: from then on only probes go out
        given().get("/receipts/R-3").then().body("status", equalTo("QUEUED")).body("attempts", equalTo(1))
                .body("lastError", containsString("503"));

        engage.resetAll();
        engage.stubFor(WireMock.post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withStatus(202)));
        timePasses();
        drainOutbox();
        timePasses();
        drainOutbox();

        for (int i = 0; i < 5; i++) {
            engage.verify(1, postRequestedFor(urlPathEqualTo(RECEIPTS))
                    .withRequestBody(matchingJsonPath("$.uniqueReceiptId", WireMock.equalTo("R-" + i))));
        }
        assertThat(count("select count(*) from receipt where status = 'SENT'")).isEqualTo(5);
    }

    @Test
    void tooManyRequestsBacksOffAndKeepsTheReceipt() {
        engage.stubFor(WireMock.post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withStatus(429)));
        post(byAnn("R-429")).statusCode(202);

        drainOutbox();

        given().get("/receipts/R-429").then().body("status", equalTo("QUEUED")).body("lastError", containsString("429"));
        assertThat(count("select count(*) from outbox_message where next_attempt_at > now() + interval '4 seconds'"))
                .isEqualTo(1);
    }

    @Test
    void theSameReceiptAgainIsAcceptedOnceAndDifferentContentIsAConflict() {
        post(byAnn("R-dup")).statusCode(202);
        post(byAnn("R-dup")).statusCode(202).body("status", equalTo("QUEUED"));
        post(byAnn("R-dup").replace("\"receiptNumber\":\"1001\"", "\"receiptNumber\":\"9999\"")).statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("different content"));

        assertThat(count("select count(*) from receipt")).isEqualTo(1);
        assertThat(count("select count(*) from outbox_message")).isEqualTo(1);
        engage.stubFor(WireMock.post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withStatus(202)));
        drainOutbox();
        engage.verify(1, postRequestedFor(urlPathEqualTo(RECEIPTS)));

        post(byAnn("R-dup")).statusCode(202).body("status", equalTo("SENT"));
        drainOutbox();
        engage.verify(1, postRequestedFor(urlPathEqualTo(RECEIPTS)));
    }

    @Test
    void aReceiptIsHeldUntilItsNewCustomerExistsInEngage() {
        engage.stubFor(WireMock.post(urlPathEqualTo(IDENTIFY)).willReturn(json(202,
                "{\"status\":\"PENDING\",\"key\":{\"type\":\"email\",\"value\":\"new@example.com\"}}")));
        engage.stubFor(WireMock.post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withStatus(202)));

        post(receipt("R-new", "\"email\":\"New@Example.com\",\"create\":{\"attributes\":{\"firstName\":\"Nina\"}}"))
                .statusCode(202).body("contactId", nullValue());
        engage.verify(1, postRequestedFor(urlPathEqualTo(IDENTIFY))
                .withRequestBody(equalToJson("{\"email\":\"new@example.com\",\"create\":{\"attributes\":{\"firstName\":\"Nina\"}}}")));

        drainOutbox();
        engage.verify(0, postRequestedFor(urlPathEqualTo(RECEIPTS)));
        given().get("/receipts/R-new").then().body("status", equalTo("QUEUED"))
                .body("lastError", containsString("not in Engage yet")).body("attempts", equalTo(0));

        engage.stubFor(WireMock.post(urlPathEqualTo(IDENTIFY)).willReturn(json(200,
                "{\"status\":\"FOUND\",\"contactId\":\"new-id\"}")));
        timePasses();
        drainOutbox();

        engage.verify(postRequestedFor(urlPathEqualTo(IDENTIFY)).withRequestBody(equalToJson("{\"email\":\"new@example.com\"}")));
        engage.verify(1, postRequestedFor(urlPathEqualTo(RECEIPTS))
                .withRequestBody(matchingJsonPath("$.contact.matchKey", WireMock.equalTo("new-id"))));
        given().get("/receipts/R-new").then().body("status", equalTo("SENT")).body("contactId", equalTo("new-id"));
    }

    @Test
    void aReceiptStillQueuesWhenContactsServiceCannotAnswer() {
        engage.stubFor(WireMock.post(urlPathEqualTo(IDENTIFY)).willReturn(aResponse().withFixedDelay(3000)));

        post(receipt("R-slow", "\"memberNumber\":\"M1\"")).statusCode(202).body("contactId", nullValue());

        assertThat(count("select count(*) from receipt where key_type = 'memberNumber' and key_value = 'M1'"))
                .isEqualTo(1);
    }

    @Test
    void aReceiptEngageRejectsIsDeadWithTheReasonVisible() {
        engage.stubFor(WireMock.post(urlPathEqualTo(RECEIPTS)).willReturn(json(400,
                "{\"errors\":[{\"code\":\"StoreNotFound\",\"message\":\"Unknown store S001\"}]}")));
        post(byAnn("R-bad")).statusCode(202);

        drainOutbox();

        given().get("/receipts/R-bad").then().body("status", equalTo("DEAD"))
                .body("lastError", containsString("400 StoreNotFound: Unknown store S001"));
        given().get(onManagementPort("/ops/outbox")).then().body("dead", equalTo(1));
    }

    @Test
    void historyShowsReceiptsEngageHasNotImportedYetOnceEach() {
        engage.stubFor(WireMock.post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withStatus(202)));
        post(byAnn("R-imported")).statusCode(202);
        post(byAnn("R-sent")).statusCode(202);
        drainOutbox();
        engage.stubFor(WireMock.post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withStatus(503)));
        post(byAnn("R-queued")).statusCode(202);
        engage.stubFor(get(urlPathEqualTo("/api/v3/transactions")).willReturn(json(200, """
                {"items":[{"id":"t1","externalId":"R-imported","transactionNumber":"1001",
                  "createdDate":"2026-11-26T10:14:00+01:00","storeName":"Lund","storeExternalId":"S001",
                  "numberOfItems":1,"netPriceSum":120.0,"localCurrency":"SEK","lineItems":[]},
                  {"id":"t0","externalId":"R-old","transactionNumber":"900","createdDate":"2026-10-01T10:00:00+02:00",
                  "storeExternalId":"S002","localCurrency":"SEK"}],
                 "totalCount":2,"offset":0,"count":2}""")));

        given().queryParam("contactId", ANN).get("/transactions").then().statusCode(200)
                .body("complete", equalTo(true))
                .body("items", hasSize(4)).body("totalCount", equalTo(4))
                .body("items.findAll { it.pending }.uniqueReceiptId", org.hamcrest.Matchers.containsInAnyOrder("R-sent", "R-queued"))
                .body("items.findAll { !it.pending }.uniqueReceiptId", org.hamcrest.Matchers.contains("R-imported", "R-old"))
                .body("items.find { it.uniqueReceiptId == 'R-queued' }.status", equalTo("QUEUED"))
                .body("items.find { it.uniqueReceiptId == 'R-sent' }.status", equalTo("SENT"));

        engage.stubFor(get(urlPathEqualTo("/api/v3/transactions")).willReturn(aResponse().withStatus(503)));
        given().queryParam("contactId", ANN).get("/transactions").then().statusCode(200)
                .body("complete", equalTo(false)).body("items", hasSize(3));
    }

    @Test
    void historyIsTheLocalReceiptsMarkedIncompleteWhenEngageRefusesTheRead() {
        engage.stubFor(WireMock.post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withStatus(503)));
        post(byAnn("R-local")).statusCode(202);

        for (int status : new int[] { 404, 400, 403 }) {
            engage.stubFor(get(urlPathEqualTo("/api/v3/transactions")).willReturn(json(status,
                    "{\"errors\":[{\"code\":\"ContactNotFound\",\"message\":\"No such contact\"}]}")));
            given().queryParam("contactId", ANN).get("/transactions").then().statusCode(200)
                    .body("complete", equalTo(false)).body("totalCount", org.hamcrest.Matchers.nullValue())
                    .body("items.uniqueReceiptId", org.hamcrest.Matchers.contains("R-local"));
        }
    }

    @Test
    void aReceiptIsOneInfoLineWhenAcceptedAndOneWhenSentTheFirstWithItsRequestId() {
        engage.stubFor(WireMock.post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withStatus(202)));
        given().header("X-Request-Id", "req-receipt-log").contentType(ContentType.JSON).body(byAnn("R-logged"))
                .post("/receipts").then().statusCode(202);
        drainOutbox();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(logLinesAbout("R-logged"))
                .anySatisfy(line -> assertThat(line).contains("INFO ", "(req-receipt-log) Receipt R-logged accepted"))
                .anySatisfy(line -> assertThat(line).contains("INFO ", "Receipt R-logged sent"))
                .hasSize(2));
    }

    private static List<String> logLinesAbout(String receiptId) throws java.io.IOException {
        try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of("target/quarkus.log"))) {
            return lines.filter(line -> line.contains(" " + receiptId + " ")).toList();
        }
    }

    @Test
    void aPurchaseShowsTheSameTotalBeforeAndAfterEngageImportsIt() {
        engage.stubFor(WireMock.post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withStatus(503)));
        post(fullReceipt("R-same")).statusCode(202);
        engage.stubFor(get(urlPathEqualTo("/api/v3/transactions")).willReturn(json(200, """
                {"items":[],"totalCount":0,"offset":0,"count":0}""")));

        given().queryParam("contactId", ANN).get("/transactions").then().statusCode(200)
                .body("items[0].uniqueReceiptId", equalTo("R-same")).body("items[0].pending", equalTo(true))
                .body("items[0].total", equalTo(150.0f)).body("totalCount", equalTo(1));

        // imported: Engage lists the lines it was sent (a RETURN's paid price positive) and a sum of its own
        engage.stubFor(get(urlPathEqualTo("/api/v3/transactions")).willReturn(json(200, """
                {"items":[{"id":"t9","externalId":"R-same","transactionNumber":"1001",
                  "createdDate":"2026-11-26T10:14:00+01:00","storeExternalId":"S001","numberOfItems":1,
                  "netPriceSum":120.0,"localCurrency":"SEK",
                  "lineItems":[{"type":"PURCHASE","sku":"A1","articleName":"Shirt","quantity":2,"grossPaidPrice":200.00},
                               {"type":"RETURN","sku":"B1","articleName":"Socks","quantity":-1,"grossPaidPrice":50.00}]}],
                 "totalCount":1,"offset":0,"count":1}""")));

        given().queryParam("contactId", ANN).get("/transactions").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].pending", equalTo(false))
                .body("items[0].total", equalTo(150.0f)).body("totalCount", equalTo(1));
    }

    /** A receipt with every optional field Voyado documents (shapes marked assumed in EngageReceipt). */
    static String fullReceipt(String id) {
        return """
                {"contactId":"%s","uniqueReceiptId":"%s","receiptNumber":"1001","createdDate":"2026-11-26T10:14:00+01:00",
                 "storeExternalId":"S001","currency":"SEK","totalGrossPrice":150.00,"exchangeRateToGroupCurrency":0.0913,
                 "taxDetails":[{"description":"VAT 25%%","value":30.00,"totalTax":30.00,"taxPercent":25,"future":{"x":1}}],
                 "paymentMethods":[{"type":"card","value":150.00,"description":"Visa",
                                    "extraData":[{"name":"cardType","value":"VISA"}]}],
                 "items":[{"type":"PURCHASE","sku":"A1","quantity":2,"grossPaidPrice":200.00,"taxAmount":40.00,
                           "taxPercent":25,"articleNumber":"A1","articleName":"Shirt",
                           "articleGroup":{"id":"G1","name":"Shirts"},"extraData":[{"name":"colour","value":"blue"}],
                           "awardsBonus":false},
                          {"type":"RETURN","sku":"B1","quantity":-1,"grossPaidPrice":50.00,"taxAmount":10.00,
                           "taxPercent":25,"articleNumber":"B1","articleName":"Socks","articleGroup":"Socks",
                           "awardsBonus":true}],
                 "usedPromotions":[{"promotionId":"p-10off","couponId":"C-123"}],
                 "extraData":[{"name":"till","value":"7"}]}""".formatted(ANN, id);
    }

    @Test
    void sendsEveryDocumentedReceiptFieldToEngage() {
        engage.stubFor(WireMock.post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withStatus(202)));
        post(fullReceipt("R-full")).statusCode(202);

        drainOutbox();

        engage.verify(1, postRequestedFor(urlPathEqualTo(RECEIPTS)).withRequestBody(equalToJson("""
                {"exchangeRateToGroupCurrency":0.0913,
                 "taxDetails":[{"description":"VAT 25%","value":30.00,"totalTax":30.00,"taxPercent":25,"future":{"x":1}}],
                 "paymentMethods":[{"type":"card","value":150.00,"extraData":[{"name":"cardType","value":"VISA"}]}],
                 "items":[{"sku":"A1","articleGroup":{"id":"G1","name":"Shirts"},
                           "extraData":[{"name":"colour","value":"blue"}],"awardsBonus":false},
                          {"sku":"B1","articleGroup":"Socks","awardsBonus":true}],
                 "usedPromotions":[{"promotionId":"p-10off","couponId":"C-123"}],
                 "extraData":[{"name":"till","value":"7"}]}""", false, true)));
        given().get("/receipts/R-full").then().body("status", equalTo("SENT"));
    }

    @Test
    void documentedFieldsOfTheWrongTypeAre400NamingTheField() {
        String good = fullReceipt("R-x");
        String[][] cases = {
                { good.replace("\"exchangeRateToGroupCurrency\":0.0913", "\"exchangeRateToGroupCurrency\":0"),
                        "exchangeRateToGroupCurrency must be greater than 0" },
                { good.replace("\"exchangeRateToGroupCurrency\":0.0913", "\"exchangeRateToGroupCurrency\":\"high\""),
                        "exchangeRateToGroupCurrency has the wrong type" },
                { good.replaceFirst("\"taxDetails\":\\[[^\\]]*\\]", "\"taxDetails\":25"), "taxDetails has the wrong type" },
                { good.replaceFirst("\"taxDetails\":\\[[^\\]]*\\]", "\"taxDetails\":[25]"), "taxDetails[0] has the wrong type" },
                { good.replace("\"articleGroup\":\"Socks\"", "\"articleGroup\":7"),
                        "items[1].articleGroup must be a string or an object" },
                { good.replace("\"awardsBonus\":true", "\"awardsBonus\":\"maybe\""), "items[1].awardsBonus has the wrong type" },
                { good.replace("\"extraData\":[{\"name\":\"colour\",\"value\":\"blue\"}]", "\"extraData\":\"blue\""),
                        "items[0].extraData has the wrong type" },
                { good.replace("\"extraData\":[{\"name\":\"cardType\",\"value\":\"VISA\"}]", "\"extraData\":{\"cardType\":1}"),
                        "paymentMethods[0].extraData has the wrong type" },
                { good.replace("\"couponId\":\"C-123\"", "\"couponId\":{\"id\":1}"),
                        "usedPromotions[0].couponId has the wrong type" } };
        for (String[] c : cases) {
            post(c[0]).statusCode(400).contentType("application/problem+json").body("detail", containsString(c[1]));
        }
        assertThat(count("select count(*) from receipt")).isZero();
    }

    @Test
    void noValueChangesItsJsonTypeOnTheWayIn() {
        String good = fullReceipt("R-x");
        String[][] cases = {
                { good.replace("\"uniqueReceiptId\":\"R-x\"", "\"uniqueReceiptId\":123"), "expected text" },
                { good.replace("\"sku\":\"B1\"", "\"sku\":true"), "items[1].sku has the wrong type: expected text" },
                { good.replace("\"sku\":\"B1\"", "\"sku\":-1.5"), "items[1].sku has the wrong type: expected text" },
                { good.replace("\"awardsBonus\":true", "\"awardsBonus\":1"),
                        "items[1].awardsBonus has the wrong type: expected true or false" },
                { good.replace("\"type\":\"card\"", "\"type\":true"),
                        "paymentMethods[0].type has the wrong type: expected text" } };
        for (String[] c : cases) {
            post(c[0]).statusCode(400).contentType("application/problem+json").body("detail", containsString(c[1]))
                    .body("detail", not(containsString("java"))).body("detail", not(containsString("Jackson")));
        }
        assertThat(count("select count(*) from receipt")).isZero();
    }

    @Test
    void aBodyWithTrailingGarbageDuplicateFieldsDeepNestingOrANulIsRefusedInTheCallersTerms() {
        String good = fullReceipt("R-x");
        post(good + "garbage").statusCode(400).body("detail", containsString("not valid JSON"));
        post(good + "{}").statusCode(400).body("detail", containsString("more than one JSON value"));
        post(good.replaceFirst("\\{", "{\"receiptNumber\":\"1\",")).statusCode(400)
                .body("detail", containsString("'receiptNumber' appears twice"));
        post(good.replace("\"till\"", "\"till\"" + ",\"deep\":" + "[".repeat(40) + "]".repeat(40))).statusCode(400)
                .body("detail", containsString("nested deeper than 32 levels"));
        post(good.replace("\"Shirts\"", "\"Shi\\u0000rts\"")).statusCode(400)
                .body("detail", containsString("NUL character"));
        assertThat(count("select count(*) from receipt")).isZero();
    }

    @Test
    void aPagingParameterThatIsNotAWholeNumberInRangeIs400NamingIt() {
        for (String bad : new String[] { "abc", "1.5", "2147483648", "NaN", "-1", "\u0661", "\uFF15", "101" }) {
            given().queryParam("contactId", ANN).queryParam("count", bad).get("/transactions").then().statusCode(400)
                    .contentType("application/problem+json").body("detail", containsString("count must be a whole number"));
        }
        given().queryParam("contactId", ANN).queryParam("offset", "x").get("/transactions").then().statusCode(400)
                .body("detail", containsString("offset must be a whole number"));
        engage.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void unknownFieldsAre400NamingThemAlsoInsideLines() {
        String good = fullReceipt("R-x");

        post(good.replace("\"exchangeRateToGroupCurrency\"", "\"exchangeRate\""))
                .statusCode(400).body("detail", containsString("Unknown field 'exchangeRate'"));
        post(good.replace("\"awardsBonus\":true", "\"awardsBonus\":true,\"colour\":\"red\""))
                .statusCode(400).body("detail", containsString("Unknown field 'items[1].colour'"));
        post(good.replace("\"couponId\"", "\"coupon\""))
                .statusCode(400).body("detail", containsString("Unknown field 'usedPromotions[0].coupon'"));
        assertThat(count("select count(*) from receipt")).isZero();
        engage.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aRefusedReceiptNamesEachWrongPlaceAsAJsonPointer() {
        String good = byAnn("R-x");
        post(good.replace("\"quantity\":-1", "\"quantity\":1")).statusCode(400)
                .body("errors[0].pointer", equalTo("/items/1/quantity"))
                .body("errors[0].detail", equalTo("items[1].quantity must be negative on a RETURN"));
        post(good.replace("\"type\":\"card\",", "").replace("\"sku\":\"A1\",", "")).statusCode(400)
                .body("detail", equalTo("items[0].sku is required; paymentMethods[0].type is required"))
                .body("errors.pointer", contains("/items/0/sku", "/paymentMethods/0/type"));
        post(good.replace("\"totalGrossPrice\":150.00", "\"totalGrossPrice\":1e999999999")).statusCode(400)
                .body("errors[0].pointer", equalTo("/totalGrossPrice"));
        post(good.replace("\"Shirt\"", "\"Sh\\u0000irt\"")).statusCode(400)
                .body("errors[0].pointer", equalTo("/items/0/articleName"));
        assertThat(count("select count(*) from receipt")).isZero();
    }

    @Test
    void invalidReceiptsAre400NamingTheFieldAndNothingIsStored() {
        String good = byAnn("R-x");
        String[][] cases = {
                { good.replace("\"uniqueReceiptId\":\"R-x\",", ""), "uniqueReceiptId is required" },
                { good.replace("\"contactId\":\"" + ANN + "\"", "\"comment\":\"x\""), "Unknown field 'comment'" },
                { receipt("R-x", "\"email\":\"a@example.com\",\"memberNumber\":\"M1\""), "exactly one of" },
                { good.replace("\"type\":\"PURCHASE\"", "\"type\":\"GIFT\""), "items[0].type must be PURCHASE or RETURN" },
                { good.replace("\"quantity\":-1", "\"quantity\":1"), "items[1].quantity must be negative on a RETURN" },
                { good.replace("\"totalGrossPrice\":150.00", "\"totalGrossPrice\":170.00"), "does not match the items" },
                { good.replace("\"value\":150.00", "\"value\":100.00"), "paymentMethods add up to 100" },
                { good.replace("2026-11-26T10:14:00+01:00", "yesterday"), "createdDate must be ISO 8601" },
                { good.replace("\"SEK\"", "\"kronor\""), "currency must be an ISO 4217" },
                { good.replace("\"quantity\":2", "\"quantity\":\"two\""), "wrong type" },
                { receipt("R-x", "\"email\":\"nope\""), "not an e-mail address" },
                { "{\"uniqueReceiptId\":", "not valid JSON" } };
        for (String[] c : cases) {
            post(c[0]).statusCode(400).contentType("application/problem+json").body("detail", containsString(c[1]));
        }
        assertThat(count("select count(*) from receipt")).isZero();
        engage.verify(0, anyRequestedFor(anyUrl()));
    }
}

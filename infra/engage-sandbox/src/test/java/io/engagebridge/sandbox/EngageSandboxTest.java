package io.engagebridge.sandbox;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@TestProfile(EngageSandboxTest.ShortImport.class)
class EngageSandboxTest {

    static final String ANN = "00000000-0000-4000-8000-000000000001";
    /** Voyado's current v3 reference, served by default. */
    static final String REDEEM = "/api/v3/promotion-assignments/%s/redeem";
    /** The integration guide's path, served only when {@code sandbox.redeem-path=promotions-codes}. */
    static final String GUIDE_REDEEM = "/api/v3/promotions/codes/%s/redeem";

    /** Receipts become visible after one second. */
    public static class ShortImport implements QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("sandbox.receipt-visibility-delay", "1s", "sandbox.api-key", "k");
        }
    }

    @BeforeEach
    void reset() {
        given().post("/admin/reset").then().statusCode(200);
    }

    static RequestSpecification engage() {
        return given().header("apikey", "k").header("User-Agent", "test/1").contentType("application/json");
    }

    @Test
    void refusesCallsWithoutKeyUserAgentOrContentType() {
        given().header("User-Agent", "t/1").contentType("application/json").get("/api/v3/contacts/" + ANN)
                .then().statusCode(401);
        given().header("apikey", "k").header("User-Agent", "").contentType("application/json").get("/api/v3/contacts/" + ANN)
                .then().statusCode(400).body("errors[0].code", equalTo("UserAgentMissing"));
        given().header("apikey", "k").header("User-Agent", "t/1").get("/api/v3/contacts/" + ANN)
                .then().statusCode(500);
        engage().get("/api/v3/contacts/" + ANN).then().statusCode(200).body("meta.contactType", equalTo("Member"));
        given().get("/admin/requests").then().body("apiKeyOk", hasItem(false)).body("status", hasItem(401));
        given().get("/admin/stats").then().body("total", equalTo(4))
                .body("byRoute.'GET /api/v3/contacts/{id} 200'", equalTo(1));
    }

    @Test
    void findsContactsByKeyAndAnswersNotFoundAndMultipleMatches() {
        engage().queryParam("email", "ann@example.com").get("/api/v3/contacts/id")
                .then().statusCode(200).body(equalTo("\"" + ANN + "\""));
        engage().queryParam("customKey", "M1001").get("/api/v3/contacts/id").then().statusCode(200);
        engage().queryParam("email", "nobody@example.com").get("/api/v3/contacts/id")
                .then().statusCode(404).body("errors[0].code", equalTo("ContactNotFound"));
        engage().body("{\"mobilePhone\":\"+46701234567\",\"firstName\":\"Twin\"}").post("/api/v3/contacts")
                .then().statusCode(201);
        engage().queryParam("mobilePhone", "+46701234567").get("/api/v3/contacts/id")
                .then().statusCode(409).body("multipleMatchesFound", hasSize(2));
    }

    @Test
    void patchWritesEveryFieldPresentAndNullOrEmptyErases() {
        engage().body("{\"firstName\":\"Annie\",\"lastName\":null,\"mobilePhone\":\"\"}")
                .patch("/api/v3/contacts/" + ANN).then().statusCode(200);
        engage().get("/api/v3/contacts/" + ANN).then()
                .body("attributes.firstName", equalTo("Annie"))
                .body("attributes.lastName", nullValue())
                .body("attributes.mobilePhone", nullValue())
                .body("attributes.email", equalTo("ann@example.com"));
    }

    @Test
    void receiptsAreIdempotentAndShowAfterTheImportDelay() {
        String receipt = """
                {"contact":{"matchKey":"ann@example.com","matchKeyType":"email"},"uniqueReceiptId":"R-1",
                 "receiptNumber":"1","createdDate":"2026-11-26T10:14:00+01:00","storeExternalId":"S001",
                 "currency":"SEK","totalGrossPrice":100,"paymentMethods":[{"type":"card","value":100}],
                 "items":[{"type":"PURCHASE","sku":"A","quantity":1,"grossPaidPrice":100,"taxAmount":20,
                 "taxPercent":25,"articleNumber":"A","articleName":"Shirt"}]}""";
        engage().body(receipt).post("/api/v3/receipts").then().statusCode(202);
        engage().body(receipt).post("/api/v3/receipts").then().statusCode(202);
        engage().queryParam("contactId", ANN).get("/api/v3/transactions").then().body("items", hasSize(0));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> engage().queryParam("contactId", ANN)
                .get("/api/v3/transactions").then().body("items", hasSize(1)).body("items[0].externalId", equalTo("R-1")));
        engage().body(receipt.replace("S001", "S999").replace("R-1", "R-2")).post("/api/v3/receipts")
                .then().statusCode(400).body("errors[0].code", equalTo("StoreNotFound"));
    }

    @Test
    void aSecondRedeemAnswersAlreadyRedeemedAndTheListDropsIt() {
        String id = engage().queryParam("contactId", ANN).queryParam("redemptionChannelType", "POS")
                .get("/api/v3/promotion-assignments").then().statusCode(200).body("$", hasSize(2))
                .extract().path("find { it.promotionId == 'p-50sek' }.id");
        engage().body("{\"redemptionChannel\":\"ECOM\"}").post(REDEEM.formatted(id))
                .then().statusCode(409).body("errors[0].code", equalTo("PromotionNotValidForRedemptionChannel"));
        engage().body("{\"redemptionChannel\":\"POS\"}").post(REDEEM.formatted(id))
                .then().statusCode(200);
        engage().body("{\"redemptionChannel\":\"POS\"}").post(REDEEM.formatted(id))
                .then().statusCode(409).body("errors[0].code", equalTo("PromotionAlreadyRedeemed"));
        engage().queryParam("contactId", ANN).queryParam("redemptionChannelType", "POS")
                .get("/api/v3/promotion-assignments").then().body("id", not(hasItem(id)));
    }

    @Test
    void demoPromotionsShowEveryDocumentedValueShape() {
        engage().queryParam("contactId", ANN).get("/api/v3/promotion-assignments").then().statusCode(200)
                .body("find { it.promotionId == 'p-10off' }.redemptionChannels[0].value", equalTo(10))
                .body("find { it.promotionId == 'p-50sek' }.redemptionChannels[0].value.currency", equalTo("SEK"))
                .body("find { it.promotionId == 'p-freeship' }.redemptionChannels[0]", not(hasKey("value")));
        engage().queryParam("contactId", "00000000-0000-4000-8000-000000000002").get("/api/v3/promotion-assignments")
                .then().body("find { it.promotionId == 'p-partner' }.redemptionChannels[0].value", equalTo("10056"));
    }

    @Test
    void servesRedeemOnlyAtTheConfiguredPathAndSaysSoOnTheOther() {
        String id = posPromotion("p-50sek");

        engage().body("{\"redemptionChannel\":\"POS\"}").post(GUIDE_REDEEM.formatted(id)).then().statusCode(404)
                .body("errors[0].code", equalTo("RedeemPathNotServed"))
                .body("errors[0].message", containsString("/api/v3/promotion-assignments/{id}/redeem"))
                .body("errors[0].message", containsString("ENGAGE_REDEEM_PATH"));
        given().get("/admin/state").then().body("redemptions", hasSize(0));

        engage().body("{\"redemptionChannel\":\"POS\"}").post(REDEEM.formatted(id)).then().statusCode(200);
        given().get("/admin/state").then().body("redemptions", hasSize(1));
    }

    static String posPromotion(String promotionId) {
        return engage().queryParam("contactId", ANN).queryParam("redemptionChannelType", "POS")
                .get("/api/v3/promotion-assignments").then().statusCode(200)
                .extract().path("find { it.promotionId == '" + promotionId + "' }.id");
    }

    @Test
    void injectedFaultsAndTheRateLimitAnswerAsEngageWould() {
        given().post("/admin/down").then().statusCode(200);
        engage().get("/api/v3/contacts/" + ANN).then().statusCode(503);
        given().post("/admin/up").then().statusCode(200);

        given().contentType("application/json").body("{\"timeout504\":true}").put("/admin/faults").then().statusCode(200);
        engage().body("{\"email\":\"new@example.com\"}").post("/api/v3/contacts").then().statusCode(504);
        engage().queryParam("email", "new@example.com").get("/api/v3/contacts/id").then().statusCode(404);

        given().contentType("application/json").body("{\"rateLimit\":3}").put("/admin/faults").then().statusCode(200);
        int tooMany = 0;
        for (int i = 0; i < 6; i++) {
            tooMany += engage().get("/api/v3/contacts/" + ANN).statusCode() == 429 ? 1 : 0;
        }
        org.assertj.core.api.Assertions.assertThat(tooMany).isGreaterThanOrEqualTo(3);
        given().post("/admin/up").then().statusCode(200);
    }

    @Test
    void bulkCreatesContactsAndReportsTheBatch() {
        String batch = engage().queryParam("contactType", "Member")
                .body("[{\"email\":\"b1@example.com\"},{\"email\":\"b2@example.com\"}]")
                .post("/api/v3/contacts/bulk").then().statusCode(202).extract().asString().replace("\"", "");
        engage().queryParam("batchId", batch).get("/api/v3/contacts/bulk/status").then().statusCode(200)
                .body("succeeded", equalTo(2));
        engage().queryParam("email", "b2@example.com").get("/api/v3/contacts/id").then().statusCode(200);
    }

    @Test
    void arrivalsCountEveryReceiptRedemptionAndContactChangeRepeatsIncluded() {
        engage().body(receipt("R-1")).post("/api/v3/receipts").then().statusCode(202);
        engage().body(receipt("R-1")).post("/api/v3/receipts").then().statusCode(202);
        engage().body(receipt("R-2")).post("/api/v3/receipts").then().statusCode(202);
        String id = posPromotion("p-50sek");
        engage().body("{\"redemptionChannel\":\"ECOM\"}").post(REDEEM.formatted(id)).then().statusCode(409);
        engage().body("{\"redemptionChannel\":\"POS\"}").post(REDEEM.formatted(id)).then().statusCode(200);
        engage().body("{\"redemptionChannel\":\"POS\"}").post(REDEEM.formatted(id)).then().statusCode(409);
        engage().body("{\"firstName\":\"A1\"}").patch("/api/v3/contacts/" + ANN).then().statusCode(200);
        engage().body("{\"lastName\":\"B2\"}").patch("/api/v3/contacts/" + ANN).then().statusCode(200);
        given().post("/admin/down").then().statusCode(200);
        engage().body(receipt("R-3")).post("/api/v3/receipts").then().statusCode(503);
        given().post("/admin/up").then().statusCode(200);

        given().get("/admin/arrivals").then().statusCode(200)
                .body("receipts.R-1", equalTo(2)).body("receipts.R-2", equalTo(1)).body("receipts", not(hasKey("R-3")))
                .body("redemptions.'" + id + "'", equalTo(2))
                .body("contactChanges.'" + ANN + "'", hasSize(2))
                .body("contactChanges.'" + ANN + "'[0].firstName", equalTo("A1"))
                .body("contactChanges.'" + ANN + "'[1].lastName", equalTo("B2"));

        given().post("/admin/reset").then().statusCode(200);
        given().get("/admin/arrivals").then().body("receipts.size()", equalTo(0))
                .body("redemptions.size()", equalTo(0)).body("contactChanges.size()", equalTo(0));
    }

    @Test
    void addsPromotionsToAContactInTheChannelsNamed() {
        java.util.List<String> ids = given().queryParam("count", 3).queryParam("channels", "POS")
                .post("/admin/contacts/" + ANN + "/promotions").then().statusCode(201).body("$", hasSize(3))
                .extract().path("$");
        engage().queryParam("contactId", ANN).queryParam("redemptionChannelType", "POS")
                .get("/api/v3/promotion-assignments").then().body("id", hasItem(ids.get(2)));
        engage().queryParam("contactId", ANN).queryParam("redemptionChannelType", "ECOM")
                .get("/api/v3/promotion-assignments").then().body("id", not(hasItem(ids.get(0))));
        engage().body("{\"redemptionChannel\":\"POS\"}").post(REDEEM.formatted(ids.get(0))).then().statusCode(200);

        given().post("/admin/contacts/00000000-0000-4000-8000-000000000099/promotions").then().statusCode(404);
        given().queryParam("count", 0).post("/admin/contacts/" + ANN + "/promotions").then().statusCode(400);
    }

    static String receipt(String uniqueReceiptId) {
        return """
                {"contact":{"matchKey":"ann@example.com","matchKeyType":"email"},"uniqueReceiptId":"%s",
                 "receiptNumber":"1","createdDate":"2026-11-26T10:14:00+01:00","storeExternalId":"S001",
                 "currency":"SEK","totalGrossPrice":100,"paymentMethods":[{"type":"card","value":100}],
                 "items":[{"type":"PURCHASE","sku":"A","quantity":1,"grossPaidPrice":100,"taxAmount":20,
                 "taxPercent":25,"articleNumber":"A","articleName":"Shirt"}]}""".formatted(uniqueReceiptId);
    }
}

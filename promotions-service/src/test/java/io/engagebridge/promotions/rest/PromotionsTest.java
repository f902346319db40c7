package io.engagebridge.promotions.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static io.engagebridge.testsupport.EngageStubs.engageError;
import static io.engagebridge.testsupport.EngageStubs.json;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.engagebridge.outbox.OutboxJobs;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.TestDatabase;
import io.engagebridge.testsupport.PostgresTestResource;
import io.engagebridge.testsupport.ServiceTestBase;
import io.engagebridge.testsupport.ServiceKeysResource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "promotions_test"))
@WithTestResource(ServiceKeysResource.class)
class PromotionsTest extends ServiceTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ANN = "ann-1";
    private static final String ASSIGNMENTS = "/api/v3/promotion-assignments";
    private static final String REDEEM_A1 = "/api/v3/promotion-assignments/a1/redeem";

    @Inject
    OutboxJobs outbox;

    @Inject
    MeterRegistry metrics;

    @Override
    protected String[] ownTables() {
        return new String[] { "redemption", "assignment_copy" };
    }


    private static String assignment(String id, String expiresOn, String... channels) {
        StringBuilder c = new StringBuilder();
        for (String channel : channels) {
            c.append(c.length() == 0 ? "" : ",").append("{\"type\":\"").append(channel)
                    .append("\",\"valueType\":\"PERCENT\",\"value\":10,\"instruction\":\"Scan\"}");
        }
        return """
                {"id":"%s","promotionId":"p-%s","externalId":"ext","name":"10%% off","heading":"Ten","description":"d",
                 "expiresOn":"%s","redeemed":false,"redemptionChannels":[%s],"newField":1}""".formatted(id, id, expiresOn, c);
    }

    private void engageOffers(String... assignments) {
        engage.stubFor(get(urlPathEqualTo(ASSIGNMENTS)).willReturn(json(200, "[" + String.join(",", assignments) + "]")));
    }

    private ValidatableResponse list(String channel) {
        return given().queryParam("contactId", ANN).queryParam("channel", channel).get("/promotions").then();
    }

    private ValidatableResponse redeem(String assignmentId, String channel) {
        return given().contentType(ContentType.JSON)
                .body("{\"contactId\":\"" + ANN + "\",\"channel\":\"" + channel + "\",\"uniqueReceiptId\":\"R-1\"}")
                .post("/promotions/" + assignmentId + "/redeem").then();
    }

    private void drainOutbox() {
        TestDatabase.drain(outbox.relay()::drainOnce);
    }


    @Test
    void fetchesActiveAssignmentsPerChannel() {
        engageOffers(assignment("a1", "2099-01-01T00:00:00Z", "POS", "ECOM"));

        list("pos").statusCode(200).body("stale", equalTo(false)).body("channel", equalTo("POS"))
                .body("items", hasSize(1)).body("items[0].id", equalTo("a1"))
                .body("items[0].promotionId", equalTo("p-a1"))
                .body("items[0].redemptionChannels[0].valueType", equalTo("PERCENT"));

        engage.verify(getRequestedFor(urlPathEqualTo(ASSIGNMENTS)).withQueryParam("contactId", WireMock.equalTo(ANN))
                .withQueryParam("redemptionChannelType", WireMock.equalTo("POS")));
    }

    @Test
    void servesTheLastCopyMarkedStaleWhenEngageFails() {
        engageOffers(assignment("a1", "2099-01-01T00:00:00Z", "POS"));
        list("POS").statusCode(200);

        engage.stubFor(get(urlPathEqualTo(ASSIGNMENTS)).willReturn(aResponse().withStatus(503)));
        String age = list("POS").statusCode(200).body("stale", equalTo(true)).body("items[0].id", equalTo("a1"))
                .extract().header("X-Stale-Age");
        assertThat(Integer.parseInt(age)).as("seconds since the copy was taken, just now").isBetween(0, 5);
        list("ECOM").statusCode(503).header("Retry-After", "30").contentType("application/problem+json");
    }

    @Test
    void aRedeemedAssignmentIsNeverOfferedAgainAndCannotBeRedeemedTwice() {
        engageOffers(assignment("a1", "2099-01-01T00:00:00Z", "POS"), assignment("a2", "2099-01-01T00:00:00Z", "POS"));
        engage.stubFor(post(urlPathEqualTo(REDEEM_A1)).willReturn(aResponse().withStatus(200)));
        list("POS").statusCode(200).body("items", hasSize(2));

        redeem("a1", "POS").statusCode(200).body("status", equalTo("REDEEMED"));
        redeem("a1", "POS").statusCode(409).body("code", equalTo("PromotionAlreadyRedeemed"));

        engage.verify(1, postRequestedFor(urlPathEqualTo(REDEEM_A1))
                .withRequestBody(equalToJson("{\"redemptionChannel\":\"POS\"}")));
        list("POS").statusCode(200).body("items.id", contains("a2"));
        assertThat(count("select count(*) from outbox_message where status = 'PENDING'")).isZero();
    }

    @Test
    void whileEngageIsDownARedeemIsKeptAndASecondIsRefusedAtOnce() {
        engage.stubFor(post(urlPathEqualTo(REDEEM_A1)).willReturn(aResponse().withStatus(503)));

        redeem("a1", "POS").statusCode(202).body("status", equalTo("PENDING"));
        redeem("a1", "POS").statusCode(409).body("code", equalTo("PromotionAlreadyRedeemed"));

        engage.verify(1, postRequestedFor(urlPathEqualTo(REDEEM_A1)));
        engage.resetAll();
        engage.stubFor(post(urlPathEqualTo(REDEEM_A1)).willReturn(aResponse().withStatus(200)));
        drainOutbox();
        engage.verify(1, postRequestedFor(urlPathEqualTo(REDEEM_A1)));
        assertThat(count("select count(*) from redemption where status = 'REDEEMED'")).isEqualTo(1);
    }

    @Test
    void a504AfterThePointOfNoReturnIsFinishedByTheRelayAsSuccess() {
        engage.stubFor(post(urlPathEqualTo(REDEEM_A1)).willReturn(engageError(504, "GatewayTimeout")));
        redeem("a1", "POS").statusCode(202);

        engage.stubFor(post(urlPathEqualTo(REDEEM_A1)).willReturn(engageError(409, "PromotionAlreadyRedeemed")));
        drainOutbox();

        assertThat(count("select count(*) from redemption where status = 'REDEEMED'")).isEqualTo(1);
        assertThat(count("select count(*) from outbox_message where status = 'DONE'")).isEqualTo(1);
    }

    @Test
    void a504BeforeThePointOfNoReturnIsRedeemedByTheRelay() {
        engage.stubFor(post(urlPathEqualTo(REDEEM_A1)).willReturn(engageError(504, "GatewayTimeout")));
        redeem("a1", "POS").statusCode(202);

        engage.stubFor(post(urlPathEqualTo(REDEEM_A1)).willReturn(aResponse().withStatus(200)));
        drainOutbox();

        engage.verify(2, postRequestedFor(urlPathEqualTo(REDEEM_A1)));
        assertThat(count("select count(*) from redemption where status = 'REDEEMED'")).isEqualTo(1);
    }

    @Test
    void alreadyRedeemedAfterOurOwnTimeoutCountsAsSuccess() {
        engage.stubFor(post(urlPathEqualTo(REDEEM_A1)).willReturn(aResponse().withStatus(200).withFixedDelay(2000)));
        redeem("a1", "POS").statusCode(202).body("status", equalTo("PENDING"));

        engage.stubFor(post(urlPathEqualTo(REDEEM_A1)).willReturn(engageError(409, "PromotionAlreadyRedeemed")));
        drainOutbox();

        assertThat(count("select count(*) from redemption where status = 'REDEEMED'")).isEqualTo(1);
        given().get(onManagementPort("/ops/outbox")).then().body("dead", equalTo(0));
    }

    @Test
    void alreadyRedeemedOnTheFirstTryIsRefusedAndNotKept() {
        engage.stubFor(post(urlPathEqualTo(REDEEM_A1)).willReturn(engageError(409, "PromotionAlreadyRedeemed")));

        redeem("a1", "POS").statusCode(409).body("code", equalTo("PromotionAlreadyRedeemed"));

        assertThat(count("select count(*) from redemption")).isZero();
        assertThat(count("select count(*) from outbox_message")).isZero();
    }

    @Test
    void aChannelViolationKnownHereIsRefusedWithoutAskingEngage() {
        engageOffers(assignment("a1", "2099-01-01T00:00:00Z", "ECOM"));
        list("ECOM").statusCode(200);
        engage.resetAll();

        redeem("a1", "POS").statusCode(409).body("code", equalTo("PromotionNotValidForRedemptionChannel"));

        engage.verify(0, anyRequestedFor(anyUrl()));
        assertThat(count("select count(*) from redemption")).isZero();
    }

    @Test
    void aChannelViolationFromEngageUndoesTheLocalRedemption() {
        engage.stubFor(post(urlPathEqualTo(REDEEM_A1))
                .willReturn(engageError(409, "PromotionNotValidForRedemptionChannel")));

        redeem("a1", "POS").statusCode(409).body("code", equalTo("PromotionNotValidForRedemptionChannel"));
        assertThat(count("select count(*) from redemption")).isZero();

        engage.stubFor(post(urlPathEqualTo(REDEEM_A1)).willReturn(aResponse().withStatus(200)));
        redeem("a1", "ECOM").statusCode(200);
    }

    @Test
    void anAssignmentEngageDoesNotKnowIs404AndNotKept() {
        engage.stubFor(post(urlPathEqualTo(REDEEM_A1)).willReturn(engageError(404, "PromotionNotFound")));

        redeem("a1", "POS").statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("PromotionNotFound"));

        assertThat(count("select count(*) from redemption")).isZero();
        assertThat(count("select count(*) from outbox_message")).isZero();
    }

    @Test
    void expiredOrSomeoneElsesPromotionsAreRefused() {
        engageOffers(assignment("old", "2020-01-01T00:00:00Z", "POS"));
        list("POS").statusCode(200);
        redeem("old", "POS").statusCode(409).body("detail", containsString("expired"));

        given().contentType(ContentType.JSON).body("{\"contactId\":\"bob-2\",\"channel\":\"POS\"}")
                .post("/promotions/old/redeem").then().statusCode(404)
                .body("code", equalTo("PromotionNotAssociatedWithContact"));
        engage.verify(0, postRequestedFor(anyUrl()));
    }

    @Test
    void ofTwoConcurrentRedeemsOfOneAssignmentExactlyOneWins() {
        engage.stubFor(post(urlPathEqualTo(REDEEM_A1)).willReturn(aResponse().withStatus(200).withFixedDelay(200)));

        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> redeem("a1", "POS").extract().statusCode());
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> redeem("a1", "POS").extract().statusCode());

        assertThat(List.of(first.join(), second.join())).containsExactlyInAnyOrder(200, 409);
        engage.verify(1, postRequestedFor(urlPathEqualTo(REDEEM_A1)));
    }

    // redemptionChannels[].value has no single type (engage-api.md): each shape reaches our caller as Engage sent it.

    @Test
    void aPercentValueStaysANumber() {
        JsonNode channel = servedChannel("{\"type\":\"POS\",\"valueType\":\"PERCENT\",\"value\":12.5}");

        assertThat(channel.get("value").isNumber()).isTrue();
        assertThat(channel.get("value").decimalValue()).isEqualByComparingTo("12.5");
    }

    @Test
    void anExternalOfferCodeStaysAString() {
        JsonNode channel = servedChannel("{\"type\":\"POS\",\"valueType\":\"EXTERNALOFFER\",\"value\":\"DISCOUNTCODE\"}");

        assertThat(channel.get("value")).isEqualTo(TextNode.valueOf("DISCOUNTCODE"));
    }

    @Test
    void aNumericExternalOfferCodeStaysAStringWithItsDigits() {
        JsonNode channel = servedChannel("{\"type\":\"POS\",\"valueType\":\"EXTERNALOFFER\",\"value\":\"0010056\"}");

        assertThat(channel.get("value")).isEqualTo(TextNode.valueOf("0010056"));
    }

    @Test
    void aMoneyValueStaysAnObject() {
        JsonNode channel = servedChannel(
                "{\"type\":\"POS\",\"valueType\":\"MONEY\",\"value\":{\"amount\":50.00,\"currency\":\"SEK\"}}");

        assertThat(channel.get("value").isObject()).isTrue();
        assertThat(channel.get("value").get("amount").decimalValue()).isEqualByComparingTo("50");
        assertThat(channel.get("value").get("currency").asText()).isEqualTo("SEK");
    }

    @Test
    void aManualPromotionHasNoValue() {
        JsonNode channel = servedChannel("{\"type\":\"POS\",\"valueType\":\"MANUAL\",\"instruction\":\"Ask staff\"}");

        assertThat(channel.has("value")).isFalse();
        assertThat(channel.get("instruction").asText()).isEqualTo("Ask staff");
    }

    @Test
    void anUnknownValueShapeIsPassedThroughUntouched() {
        engageOffers(withChannel("a1", "{\"type\":\"POS\",\"valueType\":\"BUNDLE\",\"value\":[1,\"x\",{\"y\":null}]}"),
                withChannel("a2", "{\"type\":\"POS\",\"valueType\":\"GIFT\",\"value\":true}"));

        JsonNode items = served().get("items");

        assertThat(items.at("/0/redemptionChannels/0/value")).isEqualTo(readTree("[1,\"x\",{\"y\":null}]"));
        assertThat(items.at("/1/redemptionChannels/0/value")).isEqualTo(BooleanNode.TRUE);
    }

    @Test
    void anUnreadableAssignmentIsSkippedAndTheOthersAreServed() {
        double unreadableBefore = unreadableCount();
        engageOffers(assignment("a1", "2099-01-01T00:00:00Z", "POS"),
                "{\"id\":\"bad-channels\",\"promotionId\":\"p\",\"redemptionChannels\":\"POS\"}",
                "{\"id\":{\"nested\":1},\"promotionId\":\"p\"}",
                withChannel("a2", "{\"type\":\"POS\",\"valueType\":\"EXTERNALOFFER\",\"value\":\"10056\"}"));

        list("POS").statusCode(200).header("X-Stale-Age", nullValue()).body("stale", equalTo(false))
                .body("items.id", contains("a1", "a2"));

        assertThat(unreadableCount() - unreadableBefore).isEqualTo(2);
        engage.verify(1, getRequestedFor(urlPathEqualTo(ASSIGNMENTS)));
        assertThat(count("select jsonb_array_length(assignments) from assignment_copy where channel = 'POS'"))
                .isEqualTo(2);
    }

    @Test
    void anAnswerThatIsNotAJsonArrayIsABadAnswerNotAnOutage() {
        engage.stubFor(get(urlPathEqualTo(ASSIGNMENTS))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html>oops")));
        for (int i = 0; i < 12; i++) {
            list("POS").statusCode(502).contentType("application/problem+json")
                    .body("detail", containsString("unreadable"));
        }
        engage.stubFor(get(urlPathEqualTo(ASSIGNMENTS)).willReturn(json(200, "{\"items\":[]}")));
        list("POS").statusCode(502);

        engageOffers(assignment("a1", "2099-01-01T00:00:00Z", "POS"));
        list("POS").statusCode(200).body("stale", equalTo(false)).body("items.id", contains("a1"));

        // Not retried and never counted by the breaker: every call reached Engage exactly once.
        engage.verify(14, getRequestedFor(urlPathEqualTo(ASSIGNMENTS)));
    }

    @Test
    void aBadAnswerServesTheLastCopyWithValuesAsEngageSentThem() {
        String money = "{\"type\":\"POS\",\"valueType\":\"MONEY\",\"value\":{\"amount\":12.50,\"currency\":\"SEK\"}}";
        engageOffers(withChannel("a1", money));
        assertThat(list("POS").statusCode(200).extract().asString()).contains("\"value\":{\"amount\":12.50,");

        engage.stubFor(get(urlPathEqualTo(ASSIGNMENTS)).willReturn(json(200, "not json")));
        String stale = list("POS").statusCode(200).header("X-Stale-Age", notNullValue()).body("stale", equalTo(true))
                .body("items.id", contains("a1")).extract().asString();
        assertThat(stale).contains("\"value\":{\"amount\":12.50,");
    }

    private static String withChannel(String id, String channel) {
        return """
                {"id":"%s","promotionId":"p-%s","name":"n","expiresOn":"2099-01-01T00:00:00Z","redeemed":false,
                 "redemptionChannels":[%s]}""".formatted(id, id, channel);
    }

    private JsonNode served() {
        return readTree(list("POS").statusCode(200).body("stale", equalTo(false)).extract().asString());
    }

    private JsonNode servedChannel(String channel) {
        engageOffers(withChannel("a1", channel));
        return served().at("/items/0/redemptionChannels/0");
    }

    private double unreadableCount() {
        Counter counter = metrics.find("promotions.assignments.unreadable").counter();
        return counter == null ? 0 : counter.count();
    }

    private static JsonNode readTree(String body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRefusedRedeemBodyNamesTheWrongPlaceAsAJsonPointer() {
        redeemBody("{\"contactId\":\"x y\",\"channel\":\"POS\"}")
                .body("detail", equalTo("contactId is required (letters, digits and dashes)"))
                .body("errors[0].pointer", equalTo("/contactId"));
        redeemBody("{\"contactId\":\"x\",\"channel\":\"SHOP\"}")
                .body("detail", equalTo("channel must be POS, ECOM or OTHER")).body("errors[0].pointer", equalTo("/channel"));
        redeemBody("{\"contactId\":\"x\",\"channel\":\"POS\",\"uniqueReceiptId\":42}")
                .body("detail", equalTo("uniqueReceiptId has the wrong type: expected text"));
        redeemBody("{\"contactId\":\"x\",\"channel\":true}").body("errors[0].pointer", equalTo("/channel"));
        redeemBody("[]").body("detail", equalTo("The body must be a JSON object"));
        engage.verify(0, anyRequestedFor(anyUrl()));
    }

    private ValidatableResponse redeemBody(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/promotions/a1/redeem").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void badRequestsAre400() {
        given().get("/promotions").then().statusCode(400).body("detail", containsString("contactId"));
        list("SHOP").statusCode(400).body("detail", containsString("POS, ECOM or OTHER"));
        given().contentType(ContentType.JSON).body("{\"contactId\":\"x\"}").post("/promotions/a1/redeem")
                .then().statusCode(400).body("detail", containsString("channel"));
        given().contentType(ContentType.JSON).body("{\"contactId\":\"x\",\"channel\":\"POS\",\"coupon\":1}")
                .post("/promotions/a1/redeem").then().statusCode(400).body("detail", containsString("coupon"));
        engage.verify(0, anyRequestedFor(anyUrl()));
    }
}

package io.engagebridge.engage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;

import io.engagebridge.engage.model.ContactLookup;
import io.engagebridge.engage.model.EngageReceipt;
import io.engagebridge.engage.model.LookupKey;
import io.engagebridge.engage.model.PromotionAssignment;
import io.engagebridge.engage.model.PromotionAssignments;
import io.engagebridge.engage.model.RedeemResult;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.InjectEngage;
import io.smallrye.mutiny.Uni;
import io.engagebridge.testsupport.PostgresTestResource;
import io.engagebridge.testsupport.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.vertx.mutiny.sqlclient.Pool;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "engage_client_test"))
class EngageClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String GUID = "4f3b2a10-0000-4000-8000-000000000001";
    static final String REDEEM_REFERENCE_PATH = "/api/v3/promotion-assignments/a1/redeem";
    static final String REDEEM_GUIDE_PATH = "/api/v3/promotions/codes/a1/redeem";

    @InjectEngage
    WireMockServer engage;

    @Inject
    EngageClient client;

    @Inject
    Pool pool;

    @Inject
    EngageRateBudget budget;

    @BeforeEach
    void reset() {
        engage.resetAll();
        TestDatabase.resetRateBudget(pool);
    }

    @Test
    void everyRequestTakesOneSlotOfTheKeysBudget() {
        engage.stubFor(get(urlPathEqualTo("/api/v3/contacts/id")).willReturn(json("\"" + GUID + "\"")));
        engage.stubFor(post(urlPathEqualTo("/api/v3/receipts")).willReturn(aResponse().withStatus(202)));
        client.findContactId(LookupKey.EMAIL, "warm@example.com").await().atMost(WAIT);
        String row = "key:" + EngageRateBudget.fingerprint(EngageWireMockResource.TEST_API_KEY);
        pool.preparedQuery("update engage_rate_budget set tat = clock_timestamp() + interval '500 milliseconds' where name = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(row)).await().atMost(WAIT);
        double before = nextSlot(row);

        // all three book before the first slot comes, so the row moves by exactly what they took
        Uni.join().all(client.findContactId(LookupKey.EMAIL, "a@example.com").replaceWithVoid(),
                client.sendReceipt(minimalReceipt()),
                client.findContactId(LookupKey.EMAIL, "b@example.com").replaceWithVoid())
                .andFailFast().await().atMost(WAIT);

        double intervals = (nextSlot(row) - before) / (budget.interval().toNanos() / 1e9);
        assertThat(intervals).as("slots taken by three requests").isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.01));
    }

    private double nextSlot(String row) {
        return pool.preparedQuery("select extract(epoch from tat) as t from engage_rate_budget where name = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(row)).await().atMost(WAIT).iterator().next()
                .getNumeric("t").doubleValue();
    }

    @Test
    void aTooManyRequestsAnswerPausesEveryCallOfTheKeyForRetryAfter() {
        engage.stubFor(get(urlPathEqualTo("/api/v3/contacts/id")).willReturn(
                aResponse().withStatus(429).withHeader("Retry-After", "3")));
        assertThat(catchThrowableOfType(EngageRateLimitedException.class,
                () -> client.findContactId(LookupKey.EMAIL, "a@example.com").await().atMost(WAIT))).isNotNull();
        engage.stubFor(get(urlPathEqualTo("/api/v3/contacts/id")).willReturn(json("\"" + GUID + "\"")));

        long start = System.nanoTime();
        EngageRateLimitedException refused = catchThrowableOfType(EngageRateLimitedException.class,
                () -> client.findContactId(LookupKey.EMAIL, "a@example.com").await().atMost(WAIT));

        assertThat(refused).as("a live call does not wait 3 s for a slot").isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        engage.verify(1, getRequestedFor(urlPathEqualTo("/api/v3/contacts/id")));
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() -> assertThat(
                client.findContactId(LookupKey.EMAIL, "a@example.com").await().atMost(WAIT))
                .isEqualTo(new ContactLookup.Found(GUID)));
        engage.verify(2, getRequestedFor(urlPathEqualTo("/api/v3/contacts/id")));
    }

    @Test
    void sendsKeyUserAgentAndContentTypeOnEveryCallIncludingGet() {
        engage.stubFor(get(urlPathEqualTo("/api/v3/contacts/id")).willReturn(json("\"" + GUID + "\"")));

        client.findContactId(LookupKey.EMAIL, "a@example.com").await().atMost(WAIT);

        engage.verify(1, getRequestedFor(urlPathEqualTo("/api/v3/contacts/id"))
                .withQueryParam("email", equalTo("a@example.com"))
                .withHeader("apikey", equalTo(EngageWireMockResource.TEST_API_KEY))
                .withHeader("User-Agent", equalTo("engage-bridge/0.1.0"))
                .withHeader("Content-Type", equalTo("application/json")));
    }

    @Test
    void readsContactIdQuotedOrBare() {
        engage.stubFor(get(urlPathEqualTo("/api/v3/contacts/id")).willReturn(json("\"" + GUID + "\"")));
        assertThat(client.findContactId(LookupKey.EMAIL, "a@example.com").await().atMost(WAIT))
                .isEqualTo(new ContactLookup.Found(GUID));

        engage.stubFor(get(urlPathEqualTo("/api/v3/contacts/id"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody(GUID)));
        assertThat(client.findContactId(LookupKey.MEMBER_NUMBER, "M1").await().atMost(WAIT))
                .isEqualTo(new ContactLookup.Found(GUID));
        engage.verify(getRequestedFor(urlPathEqualTo("/api/v3/contacts/id")).withQueryParam("customKey", equalTo("M1")));
    }

    @Test
    void answersContactNotFoundAsValue() {
        engage.stubFor(get(urlPathEqualTo("/api/v3/contacts/id")).willReturn(
                json(404, "{\"errors\":[{\"code\":\"ContactNotFound\",\"message\":\"No contact\"}]}")));

        assertThat(client.findContactId(LookupKey.EMAIL, "x@example.com").await().atMost(WAIT))
                .isInstanceOf(ContactLookup.NotFound.class);
    }

    @Test
    void answersMultipleMatchesWithCandidates() {
        engage.stubFor(get(urlPathEqualTo("/api/v3/contacts/id")).willReturn(
                json(409, "{\"multipleMatchesFound\":[\"id-1\",\"id-2\"]}")));

        assertThat(client.findContactId(LookupKey.MOBILE_PHONE, "+46701234567").await().atMost(WAIT))
                .isEqualTo(new ContactLookup.MultipleMatches(List.of("id-1", "id-2")));
    }

    @Test
    void parsesBothErrorBodyForms() {
        engage.stubFor(post(urlPathEqualTo("/api/v3/receipts")).willReturn(
                json(400, "{\"errors\":[{\"code\":\"InvalidStore\",\"message\":\"Unknown store\"}]}")));
        EngageRejectedException classic = rejected();
        assertThat(classic.status()).isEqualTo(400);
        assertThat(classic.code()).isEqualTo("InvalidStore");
        assertThat(classic.getMessage()).isEqualTo("Unknown store");

        engage.stubFor(post(urlPathEqualTo("/api/v3/receipts")).willReturn(json(422,
                "{\"title\":\"ValidationFailed\",\"detail\":\"currency is required\",\"status\":422}")));
        EngageRejectedException problem = rejected();
        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.code()).isEqualTo("ValidationFailed");
        assertThat(problem.getMessage()).isEqualTo("currency is required");
        assertThat(problem.rawBody()).contains("currency is required");
    }

    @Test
    void classifiesServerErrorsAsRetryable() {
        for (int status : new int[] { 500, 502, 503, 504 }) {
            engage.stubFor(post(urlPathEqualTo("/api/v3/receipts")).willReturn(aResponse().withStatus(status)));
            EngageUnavailableException failure = unavailable();
            assertThat(failure.status()).isEqualTo(status);
            assertThat(failure.failureClass()).isEqualTo(FailureClass.RETRYABLE);
        }
    }

    @Test
    void classifiesTooManyRequestsAsRateLimitedWithRetryAfter() {
        engage.stubFor(post(urlPathEqualTo("/api/v3/receipts"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));

        EngageRateLimitedException failure = catchThrowableOfType(EngageRateLimitedException.class,
                () -> client.sendReceipt(minimalReceipt()).await().atMost(WAIT));
        assertThat(failure.failureClass()).isEqualTo(FailureClass.RATE_LIMITED);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void classifiesCutConnectionAndTimeoutAsRetryable() {
        engage.stubFor(post(urlPathEqualTo("/api/v3/receipts"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(unavailable().status()).isZero();

        engage.stubFor(post(urlPathEqualTo("/api/v3/receipts"))
                .willReturn(aResponse().withStatus(202).withFixedDelay(3000)));
        EngageUnavailableException timeout = unavailable();
        assertThat(timeout.failureClass()).isEqualTo(FailureClass.RETRYABLE);
        assertThat(timeout.status()).isZero();
    }

    @Test
    void neverPutsTheApiKeyInAnErrorEvenWhenEngageEchoesIt() {
        String key = EngageWireMockResource.TEST_API_KEY;
        engage.stubFor(post(urlPathEqualTo("/api/v3/receipts")).willReturn(json(400,
                "{\"errorCode\":\"InvalidApiKey\",\"message\":\"Unknown key '" + key + "'\",\"key\":\"" + key + "\"}")));
        engage.stubFor(get(urlPathEqualTo("/api/v3/contacts/" + GUID)).willReturn(json(401,
                "{\"message\":\"key " + key + " refused\"}")));

        EngageRejectedException rejected = rejected();
        EngageException refused = client.contact(GUID).map(ignored -> (EngageException) null)
                .onFailure(EngageException.class).recoverWithItem(f -> (EngageException) f).await().atMost(WAIT);

        for (EngageException failure : List.of(rejected, refused)) {
            assertThat(failure.summary()).doesNotContain(key).contains("***");
            assertThat(failure.rawBody()).doesNotContain(key);
            assertThat(String.valueOf(failure)).doesNotContain(key);
        }
        assertThat(rejected.code()).isEqualTo("InvalidApiKey");
        assertThat(refused.status()).isEqualTo(401);
    }

    @Test
    void ignoresUnknownFieldsInAnswers() {
        engage.stubFor(get(urlPathEqualTo("/api/v3/contacts/" + GUID)).willReturn(json(
                "{\"id\":\"" + GUID + "\",\"attributes\":{\"firstName\":\"Ann\"},\"meta\":{\"contactType\":\"Member\"},"
                        + "\"brandNewField\":{\"x\":1}}")));

        var contact = client.contact(GUID).await().atMost(WAIT).orElseThrow();
        assertThat(contact.contactType()).isEqualTo("Member");
        assertThat(contact.attributes().get("firstName").asText()).isEqualTo("Ann");
    }

    @Test
    void sendsPatchBodyExactlyAsGiven() {
        engage.stubFor(patch(urlPathEqualTo("/api/v3/contacts/" + GUID)).willReturn(aResponse().withStatus(200)));
        ObjectNode changes = new ObjectMapper().createObjectNode().put("firstName", "Ann");

        client.patchContact(GUID, changes).await().atMost(WAIT);

        engage.verify(1, patchRequestedFor(urlPathEqualTo("/api/v3/contacts/" + GUID))
                .withRequestBody(equalToJson("{\"firstName\":\"Ann\"}")));
    }

    @Test
    void answersAlreadyRedeemedAsValue() {
        engage.stubFor(post(urlPathEqualTo(REDEEM_REFERENCE_PATH)).willReturn(
                json(409, "{\"errors\":[{\"code\":\"PromotionAlreadyRedeemed\",\"message\":\"used\"}]}")));

        assertThat(client.redeem("a1", "POS").await().atMost(WAIT)).isEqualTo(RedeemResult.ALREADY_REDEEMED);
    }

    @Test
    void redeemsAtTheV3ReferencePathByDefault() {
        engage.stubFor(post(urlPathEqualTo(REDEEM_REFERENCE_PATH)).willReturn(aResponse().withStatus(200)));

        assertThat(client.redeem("a1", "POS").await().atMost(WAIT)).isEqualTo(RedeemResult.REDEEMED);

        engage.verify(1, postRequestedFor(urlPathEqualTo(REDEEM_REFERENCE_PATH))
                .withRequestBody(equalToJson("{\"redemptionChannel\":\"POS\"}")));
        engage.verify(0, postRequestedFor(urlPathEqualTo(REDEEM_GUIDE_PATH)));
    }

    @Test
    void readsPromotionAssignmentsOneAtATimeKeepingValuesAsSent() {
        engage.stubFor(get(urlPathEqualTo("/api/v3/promotion-assignments")).willReturn(json("""
                [{"id":"a1","redemptionChannels":[{"type":"POS","valueType":"MONEY","value":{"amount":12.50,"currency":"SEK"}}]},
                 {"id":"a2","redemptionChannels":"POS"},
                 7]""")));

        PromotionAssignments answer = client.promotionAssignments("c1", "POS").await().atMost(WAIT);

        assertThat(answer.readable()).extracting(PromotionAssignment::id).containsExactly("a1");
        assertThat(answer.readable().get(0).redemptionChannels().get(0).value().get("amount").toString())
                .isEqualTo("12.50");
        assertThat(answer.unreadable()).extracting(PromotionAssignments.Unreadable::id)
                .containsExactly("a2", "(no id)");
    }

    @Test
    void classifiesAPromotionsAnswerThatIsNotAJsonArrayAsRejectedNotUnavailable() {
        for (String body : new String[] { "<html>oops</html>", "{\"items\":[]}" }) {
            engage.stubFor(get(urlPathEqualTo("/api/v3/promotion-assignments")).willReturn(json(body)));

            EngageRejectedException failure = catchThrowableOfType(EngageRejectedException.class,
                    () -> client.promotionAssignments("c1", "POS").await().atMost(WAIT));

            assertThat(failure.failureClass()).isEqualTo(FailureClass.REJECTED);
            assertThat(failure.code()).isEqualTo(EngageCodes.UNREADABLE_ANSWER);
            assertThat(failure.rawBody()).isEqualTo(body);
        }
    }

    @Test
    void sendsUpgradeWithoutBodyButWithContentType() {
        engage.stubFor(post(urlPathEqualTo("/api/v3/contacts/" + GUID + "/updateContactType"))
                .willReturn(aResponse().withStatus(200)));

        client.updateContactType(GUID, "Member").await().atMost(WAIT);

        engage.verify(postRequestedFor(urlPathEqualTo("/api/v3/contacts/" + GUID + "/updateContactType"))
                .withQueryParam("contactTypeId", equalTo("Member"))
                .withHeader("Content-Type", equalTo("application/json")));
    }

    @Test
    void leavesOutAbsentReceiptFields() {
        engage.stubFor(post(urlPathEqualTo("/api/v3/receipts")).willReturn(aResponse().withStatus(202)));
        EngageReceipt receipt = new EngageReceipt(new EngageReceipt.Contact("c1", "contactId"), "R-1", null,
                "2026-11-26T10:14:00+01:00", "S1", "SEK", java.math.BigDecimal.TEN, List.of(), List.of(),
                null, null, null, null, null);

        client.sendReceipt(receipt).await().atMost(WAIT);

        engage.verify(postRequestedFor(urlPathEqualTo("/api/v3/receipts"))
                .withRequestBody(equalToJson("{\"contact\":{\"matchKey\":\"c1\",\"matchKeyType\":\"contactId\"},"
                        + "\"uniqueReceiptId\":\"R-1\",\"createdDate\":\"2026-11-26T10:14:00+01:00\","
                        + "\"storeExternalId\":\"S1\",\"currency\":\"SEK\",\"totalGrossPrice\":10,"
                        + "\"paymentMethods\":[],\"items\":[]}"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining("receiptNumber"))
                .withHeader("x-ignored", absent()));
    }

    private EngageRejectedException rejected() {
        return catchThrowableOfType(EngageRejectedException.class,
                () -> client.sendReceipt(minimalReceipt()).await().atMost(WAIT));
    }

    private EngageUnavailableException unavailable() {
        return catchThrowableOfType(EngageUnavailableException.class,
                () -> client.sendReceipt(minimalReceipt()).await().atMost(WAIT));
    }

    private static EngageReceipt minimalReceipt() {
        return new EngageReceipt(new EngageReceipt.Contact("c1", "contactId"), "R-1", null, "2026-11-26T10:14:00+01:00",
                "S1", "SEK", java.math.BigDecimal.ONE, List.of(), List.of(), null, null, null, null, null);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return json(200, body);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}

package io.engagebridge.contacts.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;

import io.engagebridge.contacts.ContactsTestBase;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.PostgresTestResource;
import io.engagebridge.testsupport.ServiceKeysResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "contacts_test"))
@WithTestResource(ServiceKeysResource.class)
class IdentifyTest extends ContactsTestBase {

    private static final String LOOKUP = "/api/v3/contacts/id";
    private static final String CREATE = "/api/v3/contacts";

    @Test
    void secondIdentifyOfACustomerMakesNoEngageCall() {
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(json(200, "\"" + ANN_ID + "\"")));

        identify("{\"email\":\"Ann@Example.com \"}").statusCode(200)
                .body("status", equalTo("FOUND")).body("contactId", equalTo(ANN_ID))
                .body("answeredBy", equalTo("engage")).body("key.value", equalTo("ann@example.com"));
        identify("{\"email\":\"ann@example.com\"}").statusCode(200)
                .body("contactId", equalTo(ANN_ID)).body("answeredBy", equalTo("local"));

        engage.verify(1, getRequestedFor(urlPathEqualTo(LOOKUP)).withQueryParam("email", WireMock.equalTo("ann@example.com")));
    }

    @Test
    void phoneNumbersAreLookedUpInOneCanonicalForm() {
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(json(200, "\"" + ANN_ID + "\"")));

        identify("{\"mobilePhone\":\"070-123 45 67\"}").statusCode(200);
        identify("{\"mobilePhone\":\"+46 70 123 45 67\"}").statusCode(200).body("answeredBy", equalTo("local"));

        engage.verify(1, getRequestedFor(urlPathEqualTo(LOOKUP)).withQueryParam("mobilePhone", WireMock.equalTo("+46701234567")));
    }

    @Test
    void createsAMissingCustomerWithQueryParametersAndStoresTheId() {
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(engageError(404, "ContactNotFound")));
        engage.stubFor(post(urlPathEqualTo(CREATE)).willReturn(json(201, "{\"id\":\"" + ANN_ID + "\"}")));

        identify("""
                {"email":"ann@example.com","create":{"attributes":{"firstName":"Ann"},"contactType":"Member",
                 "source":"POS","storeExternalId":"S001","createAsUnapproved":false}}""")
                .statusCode(201).body("status", equalTo("CREATED")).body("contactId", equalTo(ANN_ID));
        identify("{\"email\":\"ann@example.com\"}").statusCode(200).body("answeredBy", equalTo("local"));

        engage.verify(1, postRequestedFor(urlPathEqualTo(CREATE))
                .withQueryParam("source", WireMock.equalTo("POS"))
                .withQueryParam("storeExternalId", WireMock.equalTo("S001"))
                .withQueryParam("createAsUnapproved", WireMock.equalTo("false"))
                .withRequestBody(equalToJson("{\"firstName\":\"Ann\",\"email\":\"ann@example.com\",\"contactType\":\"Member\"}")));
        engage.verify(1, getRequestedFor(urlPathEqualTo(LOOKUP)));
    }

    @Test
    void notFoundWithoutCreateIs404AndNothingIsStored() {
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(engageError(404, "ContactNotFound")));

        identify("{\"memberNumber\":\"M-404\"}").statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("memberNumber"));

        assertThat(count("select count(*) from contact_key")).isZero();
        engage.verify(getRequestedFor(urlPathEqualTo(LOOKUP)).withQueryParam("customKey", WireMock.equalTo("M-404")));
    }

    @Test
    void multipleMatchesPrefersAMemberAndStoresTheChoice() {
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(json(409,
                "{\"errors\":[{\"code\":\"MultipleMatches\"}],\"multipleMatchesFound\":[\"bbb\",\"aaa\"]}")));
        engage.stubFor(get(urlPathEqualTo("/api/v3/contacts/aaa"))
                .willReturn(json(200, "{\"id\":\"aaa\",\"meta\":{\"contactType\":\"Contact\"}}")));
        engage.stubFor(get(urlPathEqualTo("/api/v3/contacts/bbb"))
                .willReturn(json(200, "{\"id\":\"bbb\",\"meta\":{\"contactType\":\"Member\"}}")));

        identify("{\"mobilePhone\":\"+46701234567\"}").statusCode(200).body("contactId", equalTo("bbb"));
        identify("{\"mobilePhone\":\"+46701234567\"}").statusCode(200).body("contactId", equalTo("bbb"))
                .body("answeredBy", equalTo("local"));

        engage.verify(1, getRequestedFor(urlPathEqualTo(LOOKUP)));
    }

    @Test
    void aCreationTimingOutServerSideIsRetriedAndSucceeds() {
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(engageError(404, "ContactNotFound")));
        engage.stubFor(post(urlPathEqualTo(CREATE)).inScenario("504").whenScenarioStateIs(STARTED)
                .willReturn(engageError(504, "GatewayTimeout")).willSetStateTo("recovered"));
        engage.stubFor(post(urlPathEqualTo(CREATE)).inScenario("504").whenScenarioStateIs("recovered")
                .willReturn(json(201, "{\"id\":\"" + ANN_ID + "\"}")));

        identify("{\"email\":\"ann@example.com\",\"create\":{}}").statusCode(201).body("contactId", equalTo(ANN_ID));

        engage.verify(2, postRequestedFor(urlPathEqualTo(CREATE)));
    }

    @Test
    void aContactCreatedMeanwhileByAnotherSystemIsFoundNotDuplicated() {
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).inScenario("race").whenScenarioStateIs(STARTED)
                .willReturn(engageError(404, "ContactNotFound")).willSetStateTo("exists"));
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).inScenario("race").whenScenarioStateIs("exists")
                .willReturn(json(200, "\"" + ANN_ID + "\"")));
        engage.stubFor(post(urlPathEqualTo(CREATE)).willReturn(engageError(409, "ApprovedContactWithKeyExists")));

        identify("{\"email\":\"ann@example.com\",\"create\":{}}").statusCode(200)
                .body("status", equalTo("FOUND")).body("contactId", equalTo(ANN_ID));

        engage.verify(1, postRequestedFor(urlPathEqualTo(CREATE)));
        assertThat(count("select count(*) from outbox_message")).isZero();
    }

    @Test
    void aServerErrorOrTooManyRequestsOnLookupQueuesTheCreation() {
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(aResponse().withStatus(500)));
        identify("{\"email\":\"five@example.com\",\"create\":{}}").statusCode(202).body("status", equalTo("PENDING"));

        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(aResponse().withStatus(429)));
        identify("{\"email\":\"busy@example.com\",\"create\":{}}").statusCode(202).body("status", equalTo("PENDING"));

        assertThat(count("select count(*) from outbox_message where kind = 'contact.create'")).isEqualTo(2);
        engage.verify(0, postRequestedFor(urlPathEqualTo(CREATE)));
    }

    @Test
    void engageDownQueuesTheCreationAndReplaysItOnceWhenBack() {
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(aResponse().withStatus(503)));

        identify("{\"email\":\"new@example.com\",\"create\":{\"attributes\":{\"firstName\":\"Nina\"}}}")
                .statusCode(202).body("status", equalTo("PENDING")).body("contactId", nullValue())
                .body("key.type", equalTo("email")).body("key.value", equalTo("new@example.com"));
        identify("{\"email\":\"new@example.com\",\"create\":{}}").statusCode(202).body("answeredBy", equalTo("local"));
        assertThat(count("select count(*) from outbox_message where kind = 'contact.create'")).isEqualTo(1);
        engage.verify(0, postRequestedFor(urlPathEqualTo(CREATE)));

        engage.resetAll();
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(engageError(404, "ContactNotFound")));
        engage.stubFor(post(urlPathEqualTo(CREATE)).willReturn(json(201, "{\"id\":\"new-id\"}")));
        drainOutbox();

        engage.verify(1, postRequestedFor(urlPathEqualTo(CREATE))
                .withRequestBody(equalToJson("{\"firstName\":\"Nina\",\"email\":\"new@example.com\"}")));
        identify("{\"email\":\"new@example.com\"}").statusCode(200).body("contactId", equalTo("new-id"))
                .body("answeredBy", equalTo("local"));
        engage.verify(1, getRequestedFor(urlPathEqualTo(LOOKUP)));
    }

    @Test
    void aCreationWithUnknownOutcomeIsLookedUpBeforeBeingSentAgain() {
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(engageError(404, "ContactNotFound")));
        engage.stubFor(post(urlPathEqualTo(CREATE)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        identify("{\"email\":\"cut@example.com\",\"create\":{}}").statusCode(202).body("status", equalTo("PENDING"));
        engage.verify(1, postRequestedFor(urlPathEqualTo(CREATE)));

        engage.resetAll();
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(json(200, "\"went-through\"")));
        drainOutbox();

        engage.verify(0, postRequestedFor(urlPathEqualTo(CREATE)));
        identify("{\"email\":\"cut@example.com\"}").statusCode(200).body("contactId", equalTo("went-through"));
    }

    @Test
    void aCreateThatTimesOutIsSentExactlyOnceAndTheReplayLooksItUpInsteadOfCreatingAgain() {
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(engageError(404, "ContactNotFound")));
        engage.stubFor(post(urlPathEqualTo(CREATE)).willReturn(json(201, "{\"id\":\"slow-id\"}").withFixedDelay(1500)));

        identify("{\"email\":\"slow@example.com\",\"create\":{\"attributes\":{\"firstName\":\"Sol\"}}}")
                .statusCode(202).body("status", equalTo("PENDING"));
        engage.verify(1, postRequestedFor(urlPathEqualTo(CREATE)));

        engage.resetAll();
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(json(200, "\"slow-id\"")));
        drainOutbox();

        engage.verify(1, getRequestedFor(urlPathEqualTo(LOOKUP)).withQueryParam("email", WireMock.equalTo("slow@example.com")));
        engage.verify(0, postRequestedFor(urlPathEqualTo(CREATE)));
        identify("{\"email\":\"slow@example.com\"}").statusCode(200).body("contactId", equalTo("slow-id"))
                .body("answeredBy", equalTo("local"));
    }

    @Test
    void aCreationQueuedBecauseTheLookupNeverAnsweredIsLookedUpBeforeAnyCreate() {
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        identify("{\"email\":\"there@example.com\",\"create\":{}}").statusCode(202).body("status", equalTo("PENDING"));
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(engageError(404, "ContactNotFound").withFixedDelay(1500)));
        identify("{\"email\":\"absent@example.com\",\"create\":{}}").statusCode(202).body("status", equalTo("PENDING"));
        engage.verify(0, postRequestedFor(urlPathEqualTo(CREATE)));

        engage.resetAll();
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).withQueryParam("email", WireMock.equalTo("there@example.com"))
                .willReturn(json(200, "\"there-id\"")));
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).withQueryParam("email", WireMock.equalTo("absent@example.com"))
                .willReturn(engageError(404, "ContactNotFound")));
        engage.stubFor(post(urlPathEqualTo(CREATE)).willReturn(json(201, "{\"id\":\"absent-id\"}")));
        drainOutbox();

        assertThat(engage.findAll(anyRequestedFor(anyUrl())))
                .extracting(r -> r.getMethod().getName() + " " + URLDecoder.decode(r.getUrl(), StandardCharsets.UTF_8))
                .containsExactly(
                        "GET " + LOOKUP + "?email=there@example.com",
                        "GET " + LOOKUP + "?email=absent@example.com",
                        "POST " + CREATE);
        identify("{\"email\":\"there@example.com\"}").statusCode(200).body("contactId", equalTo("there-id"));
        identify("{\"email\":\"absent@example.com\"}").statusCode(200).body("contactId", equalTo("absent-id"));
    }

    @Test
    void aLookupWithoutCreateWhileEngageIsDownAnswers503WithRetryAfter() {
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        identify("{\"email\":\"ann@example.com\"}").statusCode(503).header("Retry-After", "30")
                .contentType("application/problem+json");

        assertThat(count("select count(*) from outbox_message")).isZero();
    }

    @Test
    void aSlowEngageIsCutShortAndTheCreationQueued() {
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(engageError(404, "ContactNotFound").withFixedDelay(3000)));

        long started = System.nanoTime();
        identify("{\"email\":\"slow@example.com\",\"create\":{}}").statusCode(202);

        assertThat((System.nanoTime() - started) / 1_000_000).as("ms the till waited").isLessThan(2500);
    }

    @Test
    void rejectedDataFromEngageIs422WithItsCodeAndNothingIsQueued() {
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(engageError(404, "ContactNotFound")));
        engage.stubFor(post(urlPathEqualTo(CREATE)).willReturn(engageError(422, "InvalidAttribute")));

        identify("{\"email\":\"bad@example.com\",\"create\":{\"attributes\":{\"birthDay\":\"tomorrow\"}}}")
                .statusCode(422).body("code", equalTo("InvalidAttribute"));

        assertThat(count("select count(*) from outbox_message")).isZero();
        assertThat(count("select count(*) from contact_key")).isZero();
        engage.verify(1, postRequestedFor(urlPathEqualTo(CREATE)));
    }

    @Test
    void anOpenBreakerAnswersAtOnceWithoutCallingEngage() {
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(aResponse().withStatus(503)));
        for (int i = 0; i < 6; i++) {
            identify("{\"email\":\"down" + i + "@example.com\"}").statusCode(503);
        }
        // each lookup tried twice (one retry); after 10 failures (volume 10, ratio 0.5) the breaker opens, so the
        // sixth identify already makes no call
        assertThat(engage.getAllServeEvents()).as("calls until the breaker opened").hasSize(10);

        identify("{\"email\":\"later@example.com\"}").statusCode(503);

        assertThat(engage.getAllServeEvents()).as("no call while it is open").hasSize(10);
    }

    @Test
    void aRefusedBodyNamesEachWrongPlaceAsAJsonPointer() {
        identify("{\"email\":42}").statusCode(400).body("errors[0].pointer", equalTo("/email"));
        identify("{\"email\":\"not-an-email\"}").statusCode(400).body("errors[0].pointer", equalTo("/email"));
        identify("{\"email\":\"a@example.com\",\"create\":{\"colour\":1}}").statusCode(400)
                .body("detail", equalTo("Unknown field 'create.colour'"))
                .body("errors[0].pointer", equalTo("/create/colour"));
        identify("{\"email\":\"a@example.com\",\"create\":{\"attributes\":{\"tags\":[1],\"a/b\":[2]}}}")
                .statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("create.attributes.a/b must be a string, number, boolean or object; "
                        + "create.attributes.tags must be a string, number, boolean or object"))
                .body("errors.pointer", contains("/create/attributes/a~1b", "/create/attributes/tags"));
        identify("{\"email\":\"a@example.com\",\"create\":{\"source\":7}}").statusCode(400)
                .body("detail", equalTo("create.source has the wrong type: expected text"))
                .body("errors[0].pointer", equalTo("/create/source"));
        identify("[]").statusCode(400).body("detail", equalTo("The body must be a JSON object"));
        given().contentType(ContentType.JSON).post("/contacts/identify").then().statusCode(400)
                .contentType("application/problem+json").body("detail", equalTo("The body must be a JSON object"));

        engage.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void badInputIs400WithTheReasonAndNoEngageCall() {
        identify("{}").statusCode(400).body("detail", containsString("exactly one customer key"));
        identify("{\"email\":\"a@example.com\",\"memberNumber\":\"M1\"}").statusCode(400)
                .body("detail", containsString("[email, memberNumber]"));
        identify("{\"email\":\"not-an-email\"}").statusCode(400).body("detail", containsString("not an e-mail"));
        identify("{\"mobilePhone\":\"call me\"}").statusCode(400).body("detail", containsString("not a phone"));
        identify("{\"email\":42}").statusCode(400).body("detail", equalTo("email must be a string"));
        identify("{\"email\":\"a@example.com\",\"nickname\":\"x\"}").statusCode(400)
                .body("detail", containsString("Unknown field 'nickname'"));
        identify("{\"email\":\"a@example.com\",\"create\":{\"createAsUnapproved\":\"yes\"}}").statusCode(400)
                .body("detail", containsString("true or false"));
        identify("{\"email\": ").statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));
        given().contentType(ContentType.JSON).body("{\"email\":\"" + "a".repeat(70_000) + "@example.com\"}")
                .post("/contacts/identify").then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("at most 65536"));

        engage.verify(0, anyRequestedFor(anyUrl()));
        assertThat(count("select count(*) from contact_key")).isZero();
    }

    @Test
    void manyCreationsQueuedDuringAnOutageGoOutInOneBulkAndTheirIdsAreLearned() {
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(aResponse().withStatus(503)));
        for (int i = 0; i < 5; i++) {
            identify("{\"email\":\"c" + i + "@example.com\",\"create\":{\"attributes\":{\"n\":" + i + "}}}")
                    .statusCode(202);
        }

        engage.resetAll();
        engage.stubFor(post(urlPathEqualTo("/api/v3/contacts/bulk")).willReturn(json(202, "\"batch-1\"")));
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(engageError(404, "ContactNotFound")));
        drainOutbox();

        engage.verify(1, postRequestedFor(urlPathEqualTo("/api/v3/contacts/bulk"))
                .withQueryParam("contactType", WireMock.equalTo("Member"))
                .withRequestBody(matchingJsonPath("$.length()", WireMock.equalTo("5")))
                .withRequestBody(matchingJsonPath("$[4].email", WireMock.equalTo("c4@example.com"))));
        engage.verify(0, postRequestedFor(urlPathEqualTo(CREATE)));
        assertThat(count("select count(*) from outbox_message where kind = 'contact.resolve' and status = 'PENDING'"))
                .as("Engage has not imported the batch yet").isEqualTo(5);

        engage.resetAll();
        for (int i = 0; i < 5; i++) {
            engage.stubFor(get(urlPathEqualTo(LOOKUP)).withQueryParam("email", WireMock.equalTo("c" + i + "@example.com"))
                    .willReturn(json(200, "\"id-" + i + "\"")));
        }
        timePasses();
        drainOutbox();

        assertThat(count("select count(*) from contact_key where status = 'KNOWN'")).isEqualTo(5);
        engage.resetAll();
        identify("{\"email\":\"c3@example.com\"}").statusCode(200).body("contactId", equalTo("id-3"));
        engage.verify(0, anyRequestedFor(anyUrl()));
    }
}

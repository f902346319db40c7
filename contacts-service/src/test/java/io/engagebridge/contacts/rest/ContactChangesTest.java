package io.engagebridge.contacts.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.engagebridge.contacts.ContactsTestBase;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.PostgresTestResource;
import io.engagebridge.testsupport.ServiceKeysResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "contacts_test"))
@WithTestResource(ServiceKeysResource.class)
class ContactChangesTest extends ContactsTestBase {

    private static final String CONTACT = "/api/v3/contacts/" + ANN_ID;
    private static final String UPGRADE = CONTACT + "/updateContactType";

    private void engageHasAnn() {
        engage.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(json(200, """
                {"id":"%s","attributes":{"firstName":"Ann","lastName":"Andersson","city":"Lund"},
                 "meta":{"contactType":"Contact"},"preferences":{"acceptsEmail":true},"consents":[]}""".formatted(ANN_ID))));
    }

    private ValidatableResponse patchAnn(String body) {
        return given().contentType(ContentType.JSON).body(body).when().patch("/contacts/" + ANN_ID).then();
    }

    @Test
    void readsPersonalDataFromEngage() {
        engageHasAnn();

        given().get("/contacts/" + ANN_ID).then().statusCode(200)
                .body("contactId", equalTo(ANN_ID)).body("contactType", equalTo("Contact"))
                .body("attributes.firstName", equalTo("Ann")).body("preferences.acceptsEmail", equalTo(true));
    }

    @Test
    void aChangedKeyNoLongerIdentifiesTheContactByItsOldValueLiveOrReplayed() {
        knownLocallyBy("email", "ann@example.com");
        knownLocallyBy("mobilePhone", "+46701234567");
        engageHasAnn();
        engage.stubFor(patch(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(200)));

        patchAnn("""
                {"attributes":{"email":"ann.berg@example.com"}}""").statusCode(200).body("status", equalTo("APPLIED"));

        assertThat(count("select count(*) from contact_key where key_type = 'email'")).as("old e-mail forgotten").isZero();
        assertThat(count("select count(*) from contact_key where key_type = 'mobilePhone'")).as("other keys kept")
                .isEqualTo(1);

        engage.stubFor(patch(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(503)));
        patchAnn("""
                {"attributes":{"mobilePhone":"+46709999999"}}""").statusCode(202).body("status", equalTo("QUEUED"));
        assertThat(count("select count(*) from contact_key where key_type = 'mobilePhone'")).isZero();

        knownLocallyBy("mobilePhone", "+46701234567"); // an identify while the change waited learnt the old value back
        engage.stubFor(patch(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(200)));
        drainOutbox();
        assertThat(count("select count(*) from contact_key where key_type = 'mobilePhone'"))
                .as("forgotten again once Engage has the new value").isZero();
    }

    @Test
    void clearingAFieldInsideOneSetToAPlainValueIsRefusedNotHalfDone() {
        patchAnn("""
                {"attributes":{"address":"Storgatan 1"},"clear":["address.street"]}""")
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("'address' is set to a plain value"));
        engage.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void bodiesThatCannotBeStoredOrReadSafelyAreRefusedBeforeAnythingReachesEngage() {
        patchAnn("{\"attributes\":{\"firstName\":\"Ann\\u0000\"}}").statusCode(400)
                .body("detail", containsString("/attributes/firstName contains a NUL character"));
        patchAnn("{\"attributes\":{\"first\\u0000Name\":\"Ann\"}}").statusCode(400)
                .body("detail", containsString("field name in /attributes contains a NUL character"));
        patchAnn("{\"attributes\":" + "{\"a\":".repeat(900) + "1" + "}".repeat(901)).statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("nested deeper than 32 levels"));
        patchAnn("{\"attributes\":{\"firstName\":\"Ann\"}}garbage").statusCode(400)
                .body("detail", containsString("not valid JSON (line 1, column 35)"));
        patchAnn("{\"attributes\":{\"firstName\":\"Ann\"}}{}").statusCode(400)
                .body("detail", containsString("more than one JSON value"));
        patchAnn("{\"attributes\":{\"firstName\":\"Ann\",\"firstName\":\"Bo\"}}").statusCode(400)
                .body("detail", containsString("'firstName' appears twice"));
        identify("{\"email\":\"\\u0000@example.com\"}").statusCode(400).body("detail", containsString("NUL"));
        identify("{\"email\":\"a@example.com\",\"email\":\"b@example.com\"}").statusCode(400)
                .body("detail", containsString("'email' appears twice"));
        engage.verify(0, anyRequestedFor(anyUrl()));
        assertThat(count("select count(*) from contact_snapshot")).isZero();
    }

    private void knownLocallyBy(String keyType, String value) {
        pool.preparedQuery("""
                insert into contact_key (lookup_key, key_type, key_value, contact_id, status)
                values ($1, $2, $3, $4, 'KNOWN')""")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(keyType + ":" + value, keyType, value, ANN_ID))
                .await().atMost(java.time.Duration.ofSeconds(10));
    }

    @Test
    void anUnknownContactIs404AndAnUnreachableEngage503() {
        engage.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(engageError(404, "ContactNotFound")));
        given().get("/contacts/" + ANN_ID).then().statusCode(404).contentType("application/problem+json");

        engage.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(503)));
        given().get("/contacts/" + ANN_ID).then().statusCode(503).header("Retry-After", "30");
    }

    @Test
    void withEngageDownTheLastCopyIsServedWithTheChangesSinceMarkedWithItsAge() {
        engageHasAnn();
        given().get("/contacts/" + ANN_ID).then().statusCode(200).header("X-Stale-Age", nullValue());
        engage.stubFor(patch(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(503)));
        patchAnn("{\"attributes\":{\"city\":\"Malmö\"}}").statusCode(202).body("status", equalTo("QUEUED"));

        for (Fault fault : new Fault[] { Fault.CONNECTION_RESET_BY_PEER, null }) {
            engage.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(
                    fault == null ? aResponse().withStatus(503) : aResponse().withFault(fault)));
            String age = given().get("/contacts/" + ANN_ID).then().statusCode(200)
                    .body("contactId", equalTo(ANN_ID)).body("contactType", equalTo("Contact"))
                    .body("attributes.firstName", equalTo("Ann")).body("attributes.city", equalTo("Malmö"))
                    .body("preferences.acceptsEmail", equalTo(true))
                    .extract().header("X-Stale-Age");
            assertThat(Integer.parseInt(age)).isBetween(0, 5);
        }
    }

    @Test
    void aContactKnownOnlyFromItsChangesIsNotServedAsIfWhole() {
        engage.stubFor(patch(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(503)));
        patchAnn("{\"attributes\":{\"city\":\"Malmö\"}}").statusCode(202);
        engage.stubFor(get(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(503)));

        given().get("/contacts/" + ANN_ID).then().statusCode(503).header("Retry-After", "30")
                .contentType("application/problem+json");
    }

    @Test
    void sendsOnlyTheFieldsThatChangeAndNeverANullOrEmptyUnlessCleared() {
        engageHasAnn();
        engage.stubFor(patch(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(200)));
        given().get("/contacts/" + ANN_ID).then().statusCode(200);

        patchAnn("""
                {"attributes":{"firstName":"Ann","lastName":"Berg","city":null,"zip":""},"clear":["nickname"]}""")
                .statusCode(200).body("status", equalTo("APPLIED")).body("fields", contains("lastName", "nickname"));

        engage.verify(1, patchRequestedFor(urlPathEqualTo(CONTACT))
                .withRequestBody(equalToJson("{\"lastName\":\"Berg\",\"nickname\":null}")));
    }

    private void annIsCreatedWith(String attributes) {
        engage.stubFor(get(urlPathEqualTo("/api/v3/contacts/id")).willReturn(engageError(404, "ContactNotFound")));
        engage.stubFor(post(urlPathEqualTo("/api/v3/contacts")).willReturn(json(201, "{\"id\":\"" + ANN_ID + "\"}")));
        identify("{\"email\":\"ann@example.com\",\"create\":{\"attributes\":" + attributes + "}}").statusCode(201);
        engage.resetAll();
        engage.stubFor(patch(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(200)));
    }

    @Test
    void aContactJustCreatedCountsAsLastSeenWithWhatWasSent() {
        annIsCreatedWith("{\"firstName\":\"Ann\"}");

        patchAnn("{\"attributes\":{\"firstName\":\"Ann\",\"lastName\":\"Lee\",\"email\":\"ann@example.com\"}}")
                .statusCode(200).body("status", equalTo("APPLIED")).body("fields", contains("lastName"));

        engage.verify(1, patchRequestedFor(urlPathEqualTo(CONTACT)).withRequestBody(equalToJson("{\"lastName\":\"Lee\"}")));
        engage.verify(0, getRequestedFor(urlPathEqualTo(CONTACT)));
    }

    @Test
    void nestedObjectsAreComparedFieldByFieldAndNeverCarryANullOrEmptyValue() {
        annIsCreatedWith("{\"preferences\":{\"acceptsEmail\":true,\"acceptsSms\":false}}");

        patchAnn("""
                {"attributes":{"preferences":{"acceptsEmail":true,"acceptsSms":true,"acceptsPostal":"","acceptsPhone":null}}}""")
                .statusCode(200).body("fields", contains("preferences.acceptsSms"));
        patchAnn("{\"attributes\":{\"preferences\":{\"acceptsSms\":true}}}").statusCode(200)
                .body("status", equalTo("UNCHANGED"));

        engage.verify(1, patchRequestedFor(urlPathEqualTo(CONTACT))
                .withRequestBody(equalToJson("{\"preferences\":{\"acceptsSms\":true}}")));
    }

    @Test
    void anExplicitNestedClearSendsTheNull() {
        annIsCreatedWith("{\"address\":{\"street\":\"Storgatan 1\",\"city\":\"Lund\"}}");

        patchAnn("{\"attributes\":{\"address\":{\"city\":\"Lund\",\"zip\":\"22350\"}},\"clear\":[\"address.street\"]}")
                .statusCode(200).body("fields", contains("address.zip", "address.street"));
        patchAnn("{\"attributes\":{\"address\":{\"street\":\"\",\"zip\":\"22350\"}}}").statusCode(200)
                .body("status", equalTo("UNCHANGED"));

        engage.verify(1, patchRequestedFor(urlPathEqualTo(CONTACT))
                .withRequestBody(equalToJson("{\"address\":{\"zip\":\"22350\",\"street\":null}}")));
    }

    @Test
    void anUpdateThatChangesNothingMakesNoEngageCall() {
        engageHasAnn();
        given().get("/contacts/" + ANN_ID).then().statusCode(200);
        engage.resetAll();

        patchAnn("{\"attributes\":{\"firstName\":\"Ann\",\"city\":\"Lund\"}}").statusCode(200)
                .body("status", equalTo("UNCHANGED"));

        engage.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void updatesQueuedDuringAnOutageReachEngageInOrderAndNoneUndoesALaterOne() {
        engage.stubFor(patch(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(503)));
        engage.stubFor(post(urlPathEqualTo(UPGRADE)).willReturn(aResponse().withStatus(503)));

        patchAnn("{\"attributes\":{\"city\":\"Malmö\"}}").statusCode(202).body("status", equalTo("QUEUED"));
        patchAnn("{\"attributes\":{\"city\":\"Lund\",\"email\":\"ann@example.com\"}}").statusCode(202);
        given().post("/contacts/" + ANN_ID + "/upgrade").then().statusCode(202).body("status", equalTo("QUEUED"));

        engage.resetAll();
        engage.stubFor(patch(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(200)));
        engage.stubFor(post(urlPathEqualTo(UPGRADE)).willReturn(aResponse().withStatus(200)));
        patchAnn("{\"attributes\":{\"firstName\":\"Annie\"}}").statusCode(202)
                .body("status", equalTo("QUEUED"));
        drainOutbox();

        List<LoggedRequest> sent = engage.findAll(anyRequestedFor(anyUrl()));
        assertThat(sent).extracting(r -> r.getMethod().getName() + " " + r.getUrl() + " " + r.getBodyAsString())
                .containsExactly(
                        "PATCH " + CONTACT + " {\"city\":\"Malmö\"}",
                        "PATCH " + CONTACT + " {\"city\":\"Lund\",\"email\":\"ann@example.com\"}",
                        "POST " + UPGRADE + "?contactTypeId=Member ",
                        "PATCH " + CONTACT + " {\"firstName\":\"Annie\"}");
        assertThat(count("select count(*) from outbox_message where status = 'PENDING'")).isZero();
    }

    @Test
    void aReadWhileAChangeIsQueuedSaysSoAndForgetsNothingOfTheChange() {
        engageHasAnn();
        given().get("/contacts/" + ANN_ID).then().statusCode(200).body("pendingChanges", equalTo(false));
        engage.stubFor(patch(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(503)));
        patchAnn("{\"attributes\":{\"firstName\":\"Annie\"}}").statusCode(202).body("status", equalTo("QUEUED"));

        given().get("/contacts/" + ANN_ID).then().statusCode(200)
                .body("attributes.firstName", equalTo("Ann")).body("pendingChanges", equalTo(true));

        engage.stubFor(patch(urlPathEqualTo(CONTACT)).willReturn(aResponse().withStatus(200)));
        drainOutbox();
        patchAnn("{\"attributes\":{\"firstName\":\"Ann\"}}").statusCode(200).body("status", equalTo("APPLIED"));
        engage.verify(patchRequestedFor(urlPathEqualTo(CONTACT)).withRequestBody(equalToJson("{\"firstName\":\"Ann\"}")));
    }

    @Test
    void upgradesToTheConfiguredType() {
        engage.stubFor(post(urlPathEqualTo(UPGRADE)).willReturn(aResponse().withStatus(200)));

        given().post("/contacts/" + ANN_ID + "/upgrade").then().statusCode(200).body("status", equalTo("APPLIED"));

        engage.verify(1, postRequestedFor(urlPathEqualTo(UPGRADE))
                .withQueryParam("contactTypeId", WireMock.equalTo("Member")));
    }

    @Test
    void rejectedChangesAre422WithEngagesCodeAndNotQueued() {
        engage.stubFor(post(urlPathEqualTo(UPGRADE)).willReturn(engageError(400, "MandatoryFieldMissing")));

        given().post("/contacts/" + ANN_ID + "/upgrade").then().statusCode(422)
                .body("code", equalTo("MandatoryFieldMissing"));

        assertThat(count("select count(*) from outbox_message")).isZero();
    }

    @Test
    void aRefusedChangeNamesTheWrongPlaceAsAJsonPointer() {
        patchAnn("{\"clear\":[\"city\",\"address.\"]}").statusCode(400)
                .body("detail", equalTo("clear[1] must be a field name or a path such as address.street"))
                .body("errors[0].pointer", equalTo("/clear/1"));
        patchAnn("{\"clear\":[null]}").statusCode(400).body("errors[0].pointer", equalTo("/clear/0"));
        patchAnn("{\"attributes\":{\"address\":{\"street\":\"S\\u0000\"}}}").statusCode(400)
                .body("detail", equalTo("The text at /attributes/address/street contains a NUL character (\\u0000)"))
                .body("errors[0].pointer", equalTo("/attributes/address/street"));
        patchAnn("{\"attributes\":{\"contactType\":\"Member\"}}").statusCode(400)
                .body("errors[0].pointer", equalTo("/attributes/contactType"));
        patchAnn("{\"attributes\":7}").statusCode(400)
                .body("detail", equalTo("attributes has the wrong type: expected an object"));
        engage.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void nullOrAbsentAttributesAndClearChangeNothing() {
        engageHasAnn();
        patchAnn("{\"attributes\":null,\"clear\":null}").statusCode(200).body("status", equalTo("UNCHANGED"));
        patchAnn("{}").statusCode(200).body("status", equalTo("UNCHANGED"));
        engage.verify(0, patchRequestedFor(urlPathEqualTo(CONTACT)));
    }

    @Test
    void badUpdatesAre400WithTheReason() {
        patchAnn("{\"firstName\":\"Ann\"}").statusCode(400).body("detail", containsString("Unknown field 'firstName'"));
        patchAnn("{\"attributes\":{\"city\":\"Lund\"},\"clear\":[\"city\"]}").statusCode(400)
                .body("detail", containsString("both set and cleared"));
        patchAnn("{\"attributes\":{\"contactType\":\"Member\"}}").statusCode(400)
                .body("detail", containsString("/upgrade"));
        patchAnn("{\"attributes\":{\"tags\":[1,2]}}").statusCode(400);
        patchAnn("{\"clear\":\"city\"}").statusCode(400);
        patchAnn("{\"attributes\":{\"address\":{\"street\":\"S\"}},\"clear\":[\"address.street\"]}").statusCode(400)
                .body("detail", containsString("'address.street' is both set and cleared"));
        patchAnn("{\"clear\":[\"address.\"]}").statusCode(400);

        engage.verify(0, anyRequestedFor(anyUrl()));
    }
}

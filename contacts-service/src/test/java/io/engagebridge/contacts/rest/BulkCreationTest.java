package io.engagebridge.contacts.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

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

/** Creations queued during an outage, replayed in bulk: options kept, nothing sent twice, ids learned cheaply. */
@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "contacts_test"))
@WithTestResource(ServiceKeysResource.class)
class BulkCreationTest extends ContactsTestBase {

    private static final String LOOKUP = "/api/v3/contacts/id";
    private static final String CREATE = "/api/v3/contacts";
    private static final String BULK = "/api/v3/contacts/bulk";
    private static final String STATUS = "/api/v3/contacts/bulk/status";

    /** Queues a creation Engage refused with 503 after a lookup that answered: replayed without a lookup first. */
    private void queued(String email, String create) {
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).willReturn(engageError(404, "ContactNotFound")));
        engage.stubFor(post(urlPathEqualTo(CREATE)).willReturn(aResponse().withStatus(503)));
        identify("{\"email\":\"" + email + "\",\"create\":" + create + "}").statusCode(202);
    }

    private void engageKnows(String email, String contactId) {
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).withQueryParam("email", WireMock.equalTo(email))
                .willReturn(json(200, "\"" + contactId + "\"")));
    }

    private void engageDoesNotKnow(String email) {
        engage.stubFor(get(urlPathEqualTo(LOOKUP)).withQueryParam("email", WireMock.equalTo(email))
                .willReturn(engageError(404, "ContactNotFound")));
    }

    private void queuedTwo() {
        queued("a@example.com", "{\"attributes\":{\"firstName\":\"Ada\"}}");
        queued("b@example.com", "{\"attributes\":{\"firstName\":\"Bo\"}}");
        engage.resetAll();
    }

    private long pending(String kind) {
        return count("select count(*) from outbox_message where kind = $1 and status = 'PENDING'", kind);
    }

    @Test
    void creationsWithCreateOptionsGoOneByOneCarryingThemAndTheOthersInOneBulk() {
        queued("a@example.com", "{\"attributes\":{\"firstName\":\"Ada\"}}");
        queued("b@example.com", "{\"attributes\":{\"firstName\":\"Bo\"}}");
        queued("c@example.com", "{\"attributes\":{\"firstName\":\"Cy\"},\"storeExternalId\":\"S001\"}");

        engage.resetAll();
        engage.stubFor(post(urlPathEqualTo(BULK)).willReturn(json(202, "\"batch-1\"")));
        engage.stubFor(post(urlPathEqualTo(CREATE)).willReturn(json(201, "{\"id\":\"c-id\"}")));
        engage.stubFor(get(urlPathEqualTo(STATUS)).willReturn(json(200, "{\"status\":\"Processing\"}")));
        drainOutbox();

        engage.verify(1, postRequestedFor(urlPathEqualTo(BULK))
                .withQueryParam("contactType", WireMock.equalTo("Member"))
                .withRequestBody(equalToJson("""
                        [{"firstName":"Ada","email":"a@example.com"},{"firstName":"Bo","email":"b@example.com"}]""")));
        engage.verify(1, postRequestedFor(urlPathEqualTo(CREATE))
                .withQueryParam("storeExternalId", WireMock.equalTo("S001"))
                .withRequestBody(equalToJson("{\"firstName\":\"Cy\",\"email\":\"c@example.com\"}")));
        engage.verify(0, getRequestedFor(urlPathEqualTo(LOOKUP)));

        engage.resetAll();
        given().contentType(ContentType.JSON).body("{\"attributes\":{\"firstName\":\"Cy\"}}").patch("/contacts/c-id")
                .then().statusCode(200).body("status", equalTo("UNCHANGED"));
        engage.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void dataEngageRejectsInOneReplayedCreationMakesOnlyThatOneDead() {
        queued("a@example.com", "{}");
        queued("b@example.com", "{}");
        queued("c@example.com", "{\"attributes\":{\"birthDay\":\"tomorrow\"},\"source\":\"POS\"}");
        engage.resetAll();
        engage.stubFor(post(urlPathEqualTo(BULK)).willReturn(json(202, "\"batch-1\"")));
        engage.stubFor(post(urlPathEqualTo(CREATE)).willReturn(engageError(422, "InvalidAttribute")));
        engage.stubFor(get(urlPathEqualTo(STATUS)).willReturn(json(200, "{\"status\":\"Processing\"}")));
        drainOutbox();

        engage.verify(1, postRequestedFor(urlPathEqualTo(BULK)));
        engage.verify(2, postRequestedFor(urlPathEqualTo(CREATE)).withQueryParam("source", WireMock.equalTo("POS")));
        assertThat(count("select count(*) from outbox_message where kind = 'contact.create' and status = 'DEAD'"))
                .isEqualTo(1);
        assertThat(count("select count(*) from outbox_message where kind = 'contact.create' and status = 'DONE'"))
                .isEqualTo(3);
        assertThat(count("select count(*) from contact_key where bulk_batch_id = 'batch-1'")).isEqualTo(2);
    }

    @Test
    void aBulkWhoseOutcomeIsUnknownIsNotSentWholeAgainOnlyItsMissingContacts() {
        queued("a@example.com", "{\"attributes\":{\"firstName\":\"Ada\"}}");
        queued("b@example.com", "{\"attributes\":{\"firstName\":\"Bo\"}}");
        queued("c@example.com", "{\"attributes\":{\"firstName\":\"Cy\"}}");
        engage.resetAll();
        engage.stubFor(post(urlPathEqualTo(BULK)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        drainOutbox();
        engage.verify(1, postRequestedFor(urlPathEqualTo(BULK)));

        engage.resetAll();
        engageKnows("a@example.com", "a-id");
        engageDoesNotKnow("b@example.com");
        engageDoesNotKnow("c@example.com");
        engage.stubFor(post(urlPathEqualTo(BULK)).willReturn(json(202, "\"batch-2\"")));
        engage.stubFor(get(urlPathEqualTo(STATUS)).willReturn(json(200, "{\"status\":\"Processing\"}")));
        timePasses();
        drainOutbox();

        engage.verify(3, getRequestedFor(urlPathEqualTo(LOOKUP)));
        engage.verify(1, postRequestedFor(urlPathEqualTo(BULK))
                .withRequestBody(equalToJson("""
                        [{"firstName":"Bo","email":"b@example.com"},{"firstName":"Cy","email":"c@example.com"}]""")));
        engage.verify(0, postRequestedFor(urlPathEqualTo(CREATE)));
        assertThat(pending("contact.create")).isZero();
        identify("{\"email\":\"a@example.com\"}").statusCode(200).body("contactId", equalTo("a-id"));
    }

    @Test
    void contactsOfABulkEngageAcceptedAreNeverSentAgainWhenALaterBulkOfTheSameReplayFails() {
        queued("m1@example.com", "{}");
        queued("m2@example.com", "{}");
        queued("k1@example.com", "{\"contactType\":\"Contact\"}");
        queued("k2@example.com", "{\"contactType\":\"Contact\"}");
        engage.resetAll();
        engage.stubFor(post(urlPathEqualTo(BULK)).withQueryParam("contactType", WireMock.equalTo("Member"))
                .willReturn(json(202, "\"batch-m\"")));
        engage.stubFor(post(urlPathEqualTo(BULK)).withQueryParam("contactType", WireMock.equalTo("Contact"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        engage.stubFor(get(urlPathEqualTo(STATUS)).willReturn(json(200, "{\"status\":\"Processing\"}")));
        drainOutbox();

        engage.stubFor(post(urlPathEqualTo(BULK)).withQueryParam("contactType", WireMock.equalTo("Contact"))
                .willReturn(json(202, "\"batch-k\"")));
        engageDoesNotKnow("k1@example.com");
        engageDoesNotKnow("k2@example.com");
        timePasses();
        drainOutbox();

        engage.verify(1, postRequestedFor(urlPathEqualTo(BULK)).withQueryParam("contactType", WireMock.equalTo("Member")));
        engage.verify(2, postRequestedFor(urlPathEqualTo(BULK)).withQueryParam("contactType", WireMock.equalTo("Contact")));
        engage.verify(2, getRequestedFor(urlPathEqualTo(LOOKUP)));
        assertThat(pending("contact.create")).isZero();
        assertThat(pending("contact.bulk-batch")).isEqualTo(2);
    }

    @Test
    void theBatchStatusIsPolledUntilDoneThenEachContactIsLookedUpOnce() {
        queuedTwo();
        engage.stubFor(post(urlPathEqualTo(BULK)).willReturn(json(202, "\"batch-1\"")));
        engage.stubFor(get(urlPathEqualTo(STATUS)).inScenario("import").whenScenarioStateIs(STARTED)
                .willReturn(json(200, "{\"batchId\":\"batch-1\",\"status\":\"Processing\"}")).willSetStateTo("done"));
        engage.stubFor(get(urlPathEqualTo(STATUS)).inScenario("import").whenScenarioStateIs("done")
                .willReturn(json(200, "{\"batchId\":\"batch-1\",\"status\":\"completed\"}")));
        engageKnows("a@example.com", "a-id");
        engageKnows("b@example.com", "b-id");

        drainOutbox();
        engage.verify(1, getRequestedFor(urlPathEqualTo(STATUS)).withQueryParam("batchId", WireMock.equalTo("batch-1")));
        engage.verify(0, getRequestedFor(urlPathEqualTo(LOOKUP)));
        assertThat(count("""
                select count(*) from outbox_message where kind = 'contact.bulk-batch' and status = 'PENDING'
                   and next_attempt_at between now() + interval '8 seconds' and now() + interval '11 seconds'"""))
                .as("the first poll waits the schedule's first step").isEqualTo(1);

        timePasses();
        drainOutbox();

        engage.verify(2, getRequestedFor(urlPathEqualTo(STATUS)));
        engage.verify(2, getRequestedFor(urlPathEqualTo(LOOKUP)));
        engage.verify(1, postRequestedFor(urlPathEqualTo(BULK)));
        assertThat(count("select count(*) from contact_key where status = 'KNOWN'")).isEqualTo(2);
        assertThat(count("select count(*) from outbox_message where status <> 'DONE'")).isZero();

        engage.resetAll();
        given().contentType(ContentType.JSON).body("{\"attributes\":{\"firstName\":\"Bo\"}}").patch("/contacts/b-id")
                .then().statusCode(200).body("status", equalTo("UNCHANGED"));
        identify("{\"email\":\"a@example.com\"}").statusCode(200).body("contactId", equalTo("a-id"));
        engage.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void withoutABatchStatusEndpointTheContactsAreLookedUpAfterAWait() {
        queuedTwo();
        engage.stubFor(post(urlPathEqualTo(BULK)).willReturn(json(202, "\"batch-1\"")));
        engage.stubFor(get(urlPathEqualTo(STATUS)).willReturn(aResponse().withStatus(404)));

        drainOutbox();
        engage.verify(1, getRequestedFor(urlPathEqualTo(STATUS)));
        engage.verify(0, getRequestedFor(urlPathEqualTo(LOOKUP)));
        assertThat(count("""
                select count(*) from outbox_message where kind = 'contact.resolve' and status = 'PENDING'
                   and next_attempt_at > now() + interval '8 seconds'""")).isEqualTo(2);

        engageKnows("a@example.com", "a-id");
        engageDoesNotKnow("b@example.com");
        timePasses();
        drainOutbox();

        engage.verify(1, getRequestedFor(urlPathEqualTo(STATUS)));
        engage.verify(2, getRequestedFor(urlPathEqualTo(LOOKUP)));
        assertThat(count("select count(*) from contact_key where status = 'KNOWN'")).isEqualTo(1);
        assertThat(count("""
                select count(*) from outbox_message where kind = 'contact.resolve' and status = 'PENDING'
                   and next_attempt_at between now() + interval '8 seconds' and now() + interval '11 seconds'""")).isEqualTo(1);
    }

    @Test
    void aContactThatNeverAppearsEndsDeadAfterTheGiveUpAgeAndAFailedBatchAtOnce() {
        queuedTwo();
        engage.stubFor(post(urlPathEqualTo(BULK)).willReturn(json(202, "\"batch-1\"")));
        engage.stubFor(get(urlPathEqualTo(STATUS)).willReturn(json(200, "{\"status\":\"Completed\"}")));
        engageDoesNotKnow("a@example.com");
        engageDoesNotKnow("b@example.com");
        drainOutbox();
        assertThat(pending("contact.resolve")).isEqualTo(2);

        pool.query("update outbox_message set created_at = now() - interval '25 hours' where kind = 'contact.resolve'")
                .execute().await().indefinitely();
        timePasses();
        drainOutbox();

        assertThat(count("""
                select count(*) from outbox_message where kind = 'contact.resolve' and status = 'DEAD'
                   and last_error like '%never appeared in Engage%'""")).isEqualTo(2);

        queued("f@example.com", "{}");
        queued("g@example.com", "{}");
        engage.resetAll();
        engage.stubFor(post(urlPathEqualTo(BULK)).willReturn(json(202, "\"batch-2\"")));
        engage.stubFor(get(urlPathEqualTo(STATUS)).willReturn(json(200, "{\"status\":\"FAILED\"}")));
        drainOutbox();

        assertThat(count("""
                select count(*) from outbox_message where kind = 'contact.bulk-batch' and status = 'DEAD'
                   and last_error like '%batch-2 failed%'""")).isEqualTo(1);
        engage.verify(0, getRequestedFor(urlPathEqualTo(LOOKUP)));
    }
}

package io.engagebridge.contacts;

import static io.restassured.RestAssured.given;


import jakarta.inject.Inject;


import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.engagebridge.outbox.OutboxJobs;
import io.engagebridge.testsupport.EngageStubs;
import io.engagebridge.testsupport.ServiceTestBase;
import io.engagebridge.testsupport.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** What every contacts test needs beyond {@link ServiceTestBase}: the relay at hand, identify, Engage answers. */
public abstract class ContactsTestBase extends ServiceTestBase {

    protected static final String ANN_ID = "4f3b2a10-0000-4000-8000-00000000a001";

    @Inject
    protected OutboxJobs outbox;

    @Override
    protected String[] ownTables() {
        return new String[] { "contact_key", "contact_snapshot" };
    }

    protected ValidatableResponse identify(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/contacts/identify").then();
    }

    /** Runs the relay until nothing is due. */
    protected void drainOutbox() {
        TestDatabase.drain(outbox.relay()::drainOnce);
    }

    protected static ResponseDefinitionBuilder json(int status, String body) {
        return EngageStubs.json(status, body);
    }

    protected static ResponseDefinitionBuilder engageError(int status, String code) {
        return EngageStubs.engageError(status, code);
    }
}

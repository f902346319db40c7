package io.engagebridge.transactions.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.engagebridge.testsupport.DefaultCallerToken;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.PostgresTestResource;
import io.engagebridge.testsupport.ServiceKeysResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A failure of ours that is a checked exception ({@link CheckedFailureResource}) is answered as every other one:
 * web-common's bare 500 problem, nothing of the exception in it. Before, only RuntimeExceptions reached that mapper and
 * this got Quarkus' own 500 page.
 */
@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "transactions_test"))
@WithTestResource(value = ServiceKeysResource.class, initArgs = @ResourceArg(name = "signer", value = "transactions-service"))
class UnexpectedFailureTest {

    @Test
    void aCheckedExceptionIsABare500ProblemThatLeaksNothing() {
        given().filter(new DefaultCallerToken("transactions-service")).header("X-Request-Id", "req-checked-1")
                .post("/receipts/test-only/checked-failure")
                .then().statusCode(500)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(500))
                .body("requestId", equalTo("req-checked-1"))
                .body(not(containsString("IOException")))
                .body(not(containsString("secret-path")));
    }
}

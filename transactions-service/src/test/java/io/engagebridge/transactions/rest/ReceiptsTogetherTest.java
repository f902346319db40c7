package io.engagebridge.transactions.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.PostgresTestResource;
import io.engagebridge.testsupport.ServiceKeysResource;
import io.engagebridge.testsupport.ServiceTestBase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Receipts arriving together are written by one statement (group commit), and each is answered as if it had come
 * alone. To make them arrive together, the statements that may run at once ({@code transactions.accept.in-flight})
 * are held by receipts a trigger slows down; what is posted meanwhile waits and goes in one statement, seen in
 * PostgreSQL as one transaction (one {@code xmin}).
 */
@QuarkusTest
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "transactions_test"))
@WithTestResource(value = ServiceKeysResource.class, initArgs = @ResourceArg(name = "signer", value = "transactions-service"))
class ReceiptsTogetherTest extends ServiceTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The statements that may write receipts at once. */
    private static int inFlight() {
        return ConfigProvider.getConfig().getValue("transactions.accept.in-flight", Integer.class);
    }

    private final ExecutorService tills = Executors.newFixedThreadPool(16);

    @Override
    protected String[] ownTables() {
        return new String[] { "receipt" };
    }

    /**
     * Receipts whose id starts with "slow-" take 3 s to store, "hang-" 10 s (longer than the write timeout, 6 s
     * in tests); one whose id starts with "poison-" cannot be stored.
     */
    @BeforeEach
    void slowAndPoisonedReceipts() {
        pool.query("""
                create or replace function receipt_test_trouble() returns trigger language plpgsql as $$
                begin
                    if new.unique_receipt_id like 'slow-%' then perform pg_sleep(3); end if;
                    if new.unique_receipt_id like 'hang-%' then perform pg_sleep(10); end if;
                    if new.unique_receipt_id like 'poison-%' then raise exception 'poisoned receipt'; end if;
                    return new;
                end $$""").execute().await().atMost(WAIT);
        pool.query("drop trigger if exists receipt_test_trouble on receipt").execute().await().atMost(WAIT);
        pool.query("""
                create trigger receipt_test_trouble before insert on receipt
                for each row execute function receipt_test_trouble()""").execute().await().atMost(WAIT);
    }

    @AfterEach
    void noTrouble() {
        pool.query("drop trigger if exists receipt_test_trouble on receipt").execute().await().atMost(WAIT);
        tills.shutdownNow();
    }

    @Test
    void receiptsPostedTogetherAreStoredByOneStatementEachAnsweredAsAlone() {
        List<CompletableFuture<Response>> slow = holdEveryStatement();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            bodies.add(ReceiptsTest.byAnn("T-" + i));
        }
        bodies.add(ReceiptsTest.byAnn("T-same")); // the same receipt twice: one row, one message, both 202
        bodies.add(ReceiptsTest.byAnn("T-same"));
        bodies.add(ReceiptsTest.byAnn("T-other")); // the same id with other content: one 202, one 409
        bodies.add(ReceiptsTest.byAnn("T-other").replace("\"receiptNumber\":\"1001\"", "\"receiptNumber\":\"9999\""));

        List<Response> answers = postTogether(bodies);

        assertThat(answers.subList(0, 10)).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(202);
            assertThat(answer.jsonPath().getString("status")).isEqualTo("QUEUED");
        });
        assertThat(answers.subList(10, 12)).extracting(Response::statusCode).containsExactlyInAnyOrder(202, 409);
        assertThat(answers.subList(10, 12)).filteredOn(answer -> answer.statusCode() == 409).singleElement()
                .satisfies(conflict -> assertThat(conflict.contentType()).startsWith("application/problem+json"));
        assertThat(slow).allSatisfy(answer -> assertThat(answer.join().statusCode()).isEqualTo(202));

        assertThat(count("select count(*) from receipt where unique_receipt_id like 'T-%'")).isEqualTo(10);
        assertThat(count("select count(*) from outbox_message where message_key like 'receipt:T-%'"))
                .as("one message per receipt").isEqualTo(10);
        assertThat(count("select count(*) from receipt r join outbox_message m on m.id = r.outbox_id"
                + " where m.message_key = 'receipt:' || r.unique_receipt_id")).as("each receipt with its own message")
                .isEqualTo(10 + inFlight());
        assertThat(count("select count(distinct xmin::text) from receipt where unique_receipt_id like 'T-%'"))
                .as("stored by one statement").isEqualTo(1);
    }

    @Test
    void aReceiptThatCannotBeStoredFailsAloneNotTheOnesWrittenWithIt() {
        List<CompletableFuture<Response>> slow = holdEveryStatement();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            bodies.add(ReceiptsTest.byAnn("P-" + i));
        }
        bodies.add(ReceiptsTest.byAnn("poison-1"));

        List<Response> answers = postTogether(bodies);

        assertThat(answers.subList(0, 5)).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(202));
        assertThat(answers.get(5).statusCode()).isEqualTo(500);
        assertThat(answers.get(5).contentType()).startsWith("application/problem+json");
        assertThat(slow).allSatisfy(answer -> assertThat(answer.join().statusCode()).isEqualTo(202));
        assertThat(count("select count(*) from receipt where unique_receipt_id like 'P-%'")).isEqualTo(5);
        assertThat(count("select count(*) from receipt where unique_receipt_id like 'poison-%'")).isZero();
        assertThat(count("select count(*) from outbox_message where message_key like 'receipt:P-%'")).isEqualTo(5);
        assertThat(count("select count(*) from outbox_message where message_key like 'receipt:poison-%'"))
                .as("no message without its receipt").isZero();
    }

    @Test
    void aStatementOutlastingTheWriteTimeoutIs503IsCancelledAndTheReceiptsAfterItAreStored() {
        CompletableFuture<Response> hung = postLater(ReceiptsTest.byAnn("hang-1"));
        await().atMost(WAIT).until(() -> count("select count(*) from pg_stat_activity where wait_event = 'PgSleep'")
                == 1);
        List<CompletableFuture<Response>> after = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            after.add(postLater(ReceiptsTest.byAnn("H-" + i)));
        }

        Response refused = hung.join();
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.jsonPath().getString("detail")).contains("Send it again");
        assertThat(after).allSatisfy(answer -> assertThat(answer.join().statusCode()).isEqualTo(202));

        // PostgreSQL was told to cancel its statement: it ends (well before its 10 s) without storing the receipt, so
        // the till that was told to send it again is the one that stores it
        await().atMost(WAIT).until(() -> count("select count(*) from pg_stat_activity where wait_event = 'PgSleep'")
                == 0);
        assertThat(count("select count(*) from receipt where unique_receipt_id = 'hang-1'"))
                .as("the receipt answered 503 is not stored after all").isZero();
        assertThat(count("select count(*) from outbox_message where message_key = 'receipt:hang-1'")).isZero();
        pool.query("drop trigger receipt_test_trouble on receipt").execute().await().atMost(WAIT);
        Response again = given().contentType(ContentType.JSON).body(ReceiptsTest.byAnn("hang-1")).post("/receipts")
                .andReturn();
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(count("select count(*) from outbox_message where message_key = 'receipt:hang-1'")).isEqualTo(1);
    }

    /** Receipts that keep every statement slot busy for 3 s: once they are stored, what waited goes together. */
    private List<CompletableFuture<Response>> holdEveryStatement() {
        List<CompletableFuture<Response>> slow = new ArrayList<>();
        for (int i = 0; i < inFlight(); i++) {
            slow.add(postLater(ReceiptsTest.byAnn("slow-" + i)));
        }
        await().atMost(WAIT).until(() -> count("select count(*) from pg_stat_activity where wait_event = 'PgSleep'")
                == inFlight());
        return slow;
    }

    private List<Response> postTogether(List<String> bodies) {
        List<CompletableFuture<Response>> posted = bodies.stream().map(this::postLater).toList();
        return posted.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<Response> postLater(String body) {
        return CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON).body(body)
                .post("/receipts").andReturn(), tills);
    }
}

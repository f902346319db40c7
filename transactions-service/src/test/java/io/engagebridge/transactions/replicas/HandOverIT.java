package io.engagebridge.transactions.replicas;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.engagebridge.testsupport.Replicas;
import io.engagebridge.testsupport.Replicas.Replica;
import io.engagebridge.testsupport.ServiceKeys;
import io.restassured.http.ContentType;

/**
 * A replica stopped as Kubernetes stops a pod (SIGTERM) while its relay is sending to a slow Engage (2 s an answer): it
 * lets the sends under way finish and record their outcome, hands the rest of its claims back at once, and exits; the
 * other replica sends them. Every receipt reaches Engage exactly once. A replica that left its claims to the lease
 * (300 s here) would keep them past the test's patience; one that kept sending into its closing Engage client (seen
 * in session 3's scale runs) would record sends Engage had accepted as failed, and they would arrive twice.
 */
class HandOverIT {

    private static final String DATABASE = "transactions_handover_it";
    private static final int RECEIPTS = 40;
    private static final String CONTACT = "00000000-0000-4000-8000-000000000001";

    @Test
    void aReplicaStoppedMidSendHandsItsClaimsOverAndEveryReceiptReachesEngageOnce() throws Exception {
        WireMockServer engage = new WireMockServer(wireMockConfig().dynamicPort());
        engage.start();
        try {
            engage.stubFor(post(urlPathEqualTo("/api/v3/receipts")).willReturn(aResponse().withStatus(202)
                    .withFixedDelay(2000)));
            Map<String, String> config = Replicas.freshDatabase(DATABASE);
            config.put("engage.base-url", "http://127.0.0.1:" + engage.port());
            config.put("engage.api-key", "handover-it");
            config.put("quarkus.rest-client.contacts.url", "http://127.0.0.1:9");
            config.put("quarkus.shutdown.delay", "1s");
            // a claim not handed back would wait this long: far past the test's patience, so it shows
            config.put("outbox.lease", "300s");
            config.putAll(ServiceKeys.shared().verifierConfig());
            config.putAll(ServiceKeys.shared().signerConfig(ServiceKeys.TRANSACTIONS));
            try (Replicas replicas = new Replicas(Path.of(""), config)) {
                replicas.migrate(1);
                List<Replica> two = replicas.start(2);
                for (Replica replica : two) {
                    replica.awaitReady(Duration.ofSeconds(120));
                }
                String token = ServiceKeys.shared().token(ServiceKeys.GATEWAY, "transactions-service");
                for (int i = 0; i < RECEIPTS; i++) {
                    given().port(two.get(i % 2).httpPort()).auth().oauth2(token).contentType(ContentType.JSON)
                            .body(receipt("H-" + i)).post("/receipts").then().statusCode(202);
                }

                // the one to stop holds claims (a batch of at most 40, 8 sent at a time) while its sends are under way;
                // receipts that arrive while a batch takes its 2 s make the next batch larger than 8, however slow
                // the machine posts them
                AtomicReference<Replica> holding = new AtomicReference<>();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                        .until(() -> !engage.findAll(postRequestedFor(urlPathEqualTo("/api/v3/receipts"))).isEmpty()
                                && two.stream().filter(r -> claimsOf(config, r) > 8).peek(holding::set).count() > 0);
                Replica stopping = holding.get();
                stopping.process().destroy(); // SIGTERM
                assertThat(stopping.awaitExit(Duration.ofSeconds(30))).as("exit code after SIGTERM").isIn(0, 143);
                assertThat(claimsOf(config, stopping)).as("claims it left (handed back, not left to the lease)")
                        .isZero();

                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> sentIds(engage).size() == RECEIPTS);
                Map<String, Long> arrivals = engage.findAll(postRequestedFor(urlPathEqualTo("/api/v3/receipts")))
                        .stream().map(HandOverIT::receiptIdOf)
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
                assertThat(arrivals).as("each receipt once").hasSize(RECEIPTS).allSatisfy((id, times) ->
                        assertThat(times).as(id).isEqualTo(1L));
                assertThat(arrivals.keySet()).containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, RECEIPTS).mapToObj(i -> "H-" + i).toList());
            }
        } finally {
            engage.stop();
        }
    }

    private static Set<String> sentIds(WireMockServer engage) {
        return engage.findAll(postRequestedFor(urlPathEqualTo("/api/v3/receipts"))).stream()
                .map(HandOverIT::receiptIdOf).collect(Collectors.toSet());
    }

    private static String receiptIdOf(LoggedRequest request) {
        try {
            return new ObjectMapper().readTree(request.getBodyAsString()).path("uniqueReceiptId").asText();
        } catch (Exception unreadable) {
            return "unreadable";
        }
    }

    /** Messages the replica holds unsent (its relay's owner is {@code pid@host/...}). */
    private static int claimsOf(Map<String, String> config, Replica replica) {
        String ownerPrefix = replica.process().pid() + "@";
        try (Connection db = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
                Statement query = db.createStatement();
                ResultSet claims = query.executeQuery("select count(*) from outbox_message where status = 'PENDING'"
                        + " and lease_until > now() and lease_owner like '" + ownerPrefix + "%'")) {
            claims.next();
            return claims.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String receipt(String id) {
        return """
                {"contactId":"%s","uniqueReceiptId":"%s","receiptNumber":"1","createdDate":"2026-11-26T10:14:00+01:00",
                 "storeExternalId":"S001","currency":"SEK","totalGrossPrice":100.00,
                 "paymentMethods":[{"type":"card","value":100.00}],
                 "items":[{"type":"PURCHASE","sku":"A1","quantity":1,"grossPaidPrice":100.00,"taxAmount":20.00,
                   "taxPercent":25,"articleNumber":"A1","articleName":"Shirt"}]}""".formatted(CONTACT, id);
    }
}

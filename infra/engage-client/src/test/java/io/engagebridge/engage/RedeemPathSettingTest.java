package io.engagebridge.engage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.engagebridge.engage.EngageClientTest.REDEEM_GUIDE_PATH;
import static io.engagebridge.engage.EngageClientTest.REDEEM_REFERENCE_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.engagebridge.engage.model.RedeemResult;
import io.engagebridge.testsupport.EngageWireMockResource;
import io.engagebridge.testsupport.InjectEngage;
import io.engagebridge.testsupport.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A tenant that serves redeem where the integration guide says: {@code engage.redeem-path=promotions-codes}. */
@QuarkusTest
@TestProfile(RedeemPathSettingTest.GuidePath.class)
@WithTestResource(EngageWireMockResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "engage_client_test"))
class RedeemPathSettingTest {

    public static class GuidePath implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engage.redeem-path", "promotions-codes");
        }
    }

    @InjectEngage
    WireMockServer engage;

    @Inject
    EngageClient client;

    @BeforeEach
    void reset() {
        engage.resetAll();
    }

    @Test
    void redeemsAtTheIntegrationGuidePathWhenSetSo() {
        engage.stubFor(post(urlPathEqualTo(REDEEM_GUIDE_PATH)).willReturn(aResponse().withStatus(200)));

        assertThat(client.redeem("a1", "POS").await().atMost(Duration.ofSeconds(10))).isEqualTo(RedeemResult.REDEEMED);

        engage.verify(1, postRequestedFor(urlPathEqualTo(REDEEM_GUIDE_PATH))
                .withRequestBody(equalToJson("{\"redemptionChannel\":\"POS\"}")));
        engage.verify(0, postRequestedFor(urlPathEqualTo(REDEEM_REFERENCE_PATH)));
    }
}

package io.engagebridge.sandbox;

import static io.engagebridge.sandbox.EngageSandboxTest.GUIDE_REDEEM;
import static io.engagebridge.sandbox.EngageSandboxTest.REDEEM;
import static io.engagebridge.sandbox.EngageSandboxTest.engage;
import static io.engagebridge.sandbox.EngageSandboxTest.posPromotion;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A sandbox playing a tenant that serves redeem where the integration guide says. */
@QuarkusTest
@TestProfile(SandboxGuideRedeemPathTest.GuidePath.class)
class SandboxGuideRedeemPathTest {

    public static class GuidePath implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sandbox.api-key", "k", "sandbox.redeem-path", "promotions-codes");
        }
    }

    @BeforeEach
    void reset() {
        given().post("/admin/reset").then().statusCode(200);
    }

    @Test
    void servesRedeemAtTheGuidePathWhenSetSo() {
        String id = posPromotion("p-50sek");

        engage().body("{\"redemptionChannel\":\"POS\"}").post(REDEEM.formatted(id)).then().statusCode(404)
                .body("errors[0].code", equalTo("RedeemPathNotServed"))
                .body("errors[0].message", containsString("/api/v3/promotions/codes/{id}/redeem"));
        engage().body("{\"redemptionChannel\":\"POS\"}").post(GUIDE_REDEEM.formatted(id)).then().statusCode(200);
        given().get("/admin/state").then().body("redemptions", hasSize(1));
    }
}
